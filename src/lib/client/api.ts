// JSON calls to the dashboard's own API, with the server's error sentence on failure.
// State-changing calls carry the session's CSRF token.
import { CSRF_HEADER } from '../shared/auth.ts';
import { session } from './managers/session.svelte.ts';

export async function api<T>(
	method: string,
	url: string,
	body?: unknown
): Promise<{ ok: true; data: T } | { ok: false; msg: string }> {
	try {
		const headers: Record<string, string> =
			body === undefined ? {} : { 'content-type': 'application/json' };
		if (method !== 'GET' && session.info.csrf) headers[CSRF_HEADER] = session.info.csrf;
		const res = await fetch(url, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const data = await res.json().catch(() => null);
		if (res.ok) return { ok: true, data: data as T };
		return {
			ok: false,
			msg: (data as { error?: string } | null)?.error ?? `request failed (${res.status})`
		};
	} catch {
		return { ok: false, msg: 'could not reach the server' };
	}
}
