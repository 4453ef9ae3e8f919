// The route policy covers every route file and every method it exports, and nothing else;
// the role ladder and protected-mode rule behave as documented.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allows, type Principal } from '../../src/lib/shared/auth.ts';
import { ROUTE_POLICY, routeRule } from '../../src/lib/server/auth/policy.ts';
import { isLoopback, protectedModeCheck } from '../../src/lib/server/auth/protected-mode.ts';

const ROUTES = 'src/routes';

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? walk(p) : [p];
	});
}

/** route id -> methods its files export */
function routeFiles(): Map<string, Set<string>> {
	const out = new Map<string, Set<string>>();
	for (const f of walk(ROUTES)) {
		const name = f.split('/').pop()!;
		if (name !== '+server.ts' && name !== '+page.svelte') continue;
		const id = '/' + relative(ROUTES, f).split('/').slice(0, -1).join('/');
		const methods = out.get(id) ?? new Set<string>();
		if (name === '+page.svelte') methods.add('GET');
		else {
			const src = readFileSync(f, 'utf8');
			for (const m of src.matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/g))
				methods.add(m[1]!);
			for (const m of src.matchAll(/export const \{([^}]+)\}/g))
				for (const n of m[1]!.split(',')) methods.add(n.trim());
		}
		out.set(id, methods);
	}
	return out;
}

describe('route policy', () => {
	const files = routeFiles();

	it('has a rule for every method of every route, and no rule for a route that does not exist', () => {
		expect(files.size).toBeGreaterThan(30);
		for (const [id, methods] of files) {
			for (const m of methods) expect(routeRule(id, m), `${m} ${id}`).not.toBeNull();
			expect(Object.keys(ROUTE_POLICY[id] ?? {}).sort(), id).toEqual([...methods].sort());
		}
		expect(Object.keys(ROUTE_POLICY).filter((id) => !files.has(id))).toEqual([]);
	});

	it('audits every state-changing method', () => {
		for (const [id, rules] of Object.entries(ROUTE_POLICY)) {
			for (const [m, r] of Object.entries(rules)) {
				if (m !== 'GET' && !id.startsWith('/api/auth/')) expect(r.audit, `${m} ${id}`).toBeTruthy();
			}
		}
	});

	it('orders the roles: display < viewer < operator < admin', () => {
		const p = (role: Principal['role'], kind: Principal['kind'] = 'user'): Principal => ({
			user: 'x',
			role,
			kind,
			teams: null
		});
		expect(allows(p('viewer', 'display'), 'display')).toBe(true);
		expect(allows(p('viewer', 'display'), 'view')).toBe(false);
		expect(allows(p('viewer'), 'view')).toBe(true);
		expect(allows(p('viewer'), 'operate')).toBe(false);
		expect(allows(p('operator'), 'operate')).toBe(true);
		expect(allows(p('operator'), 'admin')).toBe(false);
		expect(allows(p('admin'), 'admin')).toBe(true);
		expect(allows(null, 'display')).toBe(false);
		expect(allows(null, 'public')).toBe(true);
	});
});

describe('protected mode', () => {
	it('knows loopback addresses', () => {
		for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
			expect(isLoopback(h), h).toBe(true);
		for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com'])
			expect(isLoopback(h), h).toBe(false);
	});

	it('refuses a non-loopback address with no accounts, unless switched off', () => {
		expect(() => protectedModeCheck('0.0.0.0', true, 0)).toThrow(
			/refusing to listen on 0.0.0.0 with no accounts/
		);
		expect(protectedModeCheck('0.0.0.0', false, 0)).toMatch(/WITHOUT authentication/);
		expect(protectedModeCheck('0.0.0.0', true, 2)).toMatch(/authentication on: 2/);
		expect(protectedModeCheck('0.0.0.0', true, null)).toMatch(/needs sign-in/);
		expect(protectedModeCheck('127.0.0.1', true, 0)).toMatch(/authentication is off/);
	});
});
