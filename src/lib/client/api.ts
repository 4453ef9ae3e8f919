// The one way the browser calls the dashboard's REST API: `call('PUT /api/budgets/[id]',
// { params: { id }, body })`, typed by shared/protocol/api.ts. State-changing calls carry the
// session's CSRF token; an error comes back as a Reply with the server's code and sentence.
import { CSRF_HEADER } from '../shared/auth.ts';
import type { ApiBody, ApiResult, ApiRoute } from '../shared/protocol/api.ts';
import { ERROR_STATUS, fail, ok, type ErrorCode, type Reply } from '../shared/protocol/reply.ts';
import { session } from './managers/session.svelte.ts';

export interface CallOptions<K extends ApiRoute> {
	/** values for the route's [name] parts (URL-encoded here) */
	params?: Record<string, string>;
	query?: Record<string, string | number | null | undefined>;
	body?: ApiBody<K>;
}

const codeOf = (status: number): ErrorCode =>
	(Object.entries(ERROR_STATUS).find(([, s]) => s === status)?.[0] as ErrorCode | undefined) ??
	'invalid';

/** The path of `route` with its [params] filled in and the query appended. */
export function pathOf<K extends ApiRoute>(route: K, o: CallOptions<K> = {}): string {
	const path = route
		.slice(route.indexOf(' ') + 1)
		.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(o.params?.[name] ?? ''));
	const q = Object.entries(o.query ?? {}).filter(
		([, v]) => v !== null && v !== undefined && v !== ''
	);
	return q.length ? `${path}?${new URLSearchParams(q.map(([k, v]) => [k, String(v)]))}` : path;
}

export async function call<K extends ApiRoute>(
	route: K,
	o: CallOptions<K> = {}
): Promise<Reply<ApiResult<K>>> {
	const method = route.slice(0, route.indexOf(' '));
	try {
		const headers: Record<string, string> =
			o.body === undefined ? {} : { 'content-type': 'application/json' };
		if (method !== 'GET' && session.info.csrf) headers[CSRF_HEADER] = session.info.csrf;
		const res = await fetch(pathOf(route, o), {
			method,
			headers,
			body: o.body === undefined ? undefined : JSON.stringify(o.body)
		});
		const data = (await res.json().catch(() => null)) as unknown;
		if (res.ok) return ok(data as ApiResult<K>);
		const err = data as { error?: unknown; code?: unknown } | null;
		const code =
			typeof err?.code === 'string' && err.code in ERROR_STATUS
				? (err.code as ErrorCode)
				: codeOf(res.status);
		return fail(
			code,
			typeof err?.error === 'string' ? err.error : `request failed (${res.status})`
		);
	} catch {
		return fail('unavailable', 'could not reach the server');
	}
}
