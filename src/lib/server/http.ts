// Route helpers shared by the API endpoints: JSON bodies and Reply -> Response.
import { json } from '@sveltejs/kit';
import type { Reply } from '../shared/events.ts';
import type { Collection } from './collection.ts';
import type { Realtime } from './realtime.ts';
import { getRealtime } from './registry.ts';
import { actorName } from './auth/session-info.ts';
import type { Session } from './auth/service.ts';

type Locals = { session: Session | null };

export function unavailable(): Response {
	return json({ error: 'realtime module not attached' }, { status: 503 });
}

export async function readJson(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; res: Response }> {
	try {
		return { ok: true, body: await request.json() };
	} catch {
		return { ok: false, res: json({ error: 'the body must be JSON' }, { status: 400 }) };
	}
}

/** ok -> 200/201 with the data; a refusal -> 503 when Redis is away, 404 for an unknown id, else 400. */
export function respond<T>(reply: Reply<T>, okStatus = 200): Response {
	if (reply.ok) return json(reply.data, { status: okStatus });
	const status = /Redis is not connected/.test(reply.msg) ? 503 : /^no \w+ with id/.test(reply.msg) ? 404 : 400;
	return json({ error: reply.msg }, { status });
}

type Pick = (rt: Realtime) => Collection<{ name: string }> | null;

export function alertsOff(): Response {
	return json({ error: 'alerts are disabled (ENABLE_ALERTS=false)' }, { status: 404 });
}

/** GET (list) and POST (create) for a persisted collection. */
export function collectionRoutes(pick: Pick) {
	return {
		GET() {
			const rt = getRealtime();
			if (!rt) return unavailable();
			const c = pick(rt);
			return c ? json(c.list()) : alertsOff();
		},
		async POST({ request, locals }: { request: Request; locals: Locals }) {
			const rt = getRealtime();
			if (!rt) return unavailable();
			const c = pick(rt);
			if (!c) return alertsOff();
			const b = await readJson(request);
			return b.ok ? respond(await c.create(b.body, actorName(locals.session, null)), 201) : b.res;
		}
	};
}

/** PUT (replace) and DELETE for one item. */
export function itemRoutes(pick: Pick) {
	return {
		async PUT({ request, params, locals }: { request: Request; params: { id: string }; locals: Locals }) {
			const rt = getRealtime();
			if (!rt) return unavailable();
			const c = pick(rt);
			if (!c) return alertsOff();
			const b = await readJson(request);
			return b.ok ? respond(await c.update(params.id, b.body, actorName(locals.session, null))) : b.res;
		},
		async DELETE({ params, locals }: { params: { id: string }; locals: Locals }) {
			const rt = getRealtime();
			if (!rt) return unavailable();
			const c = pick(rt);
			return c ? respond(await c.remove(params.id, actorName(locals.session, null))) : alertsOff();
		}
	};
}
