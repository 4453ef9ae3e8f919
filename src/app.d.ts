// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Realtime } from '$lib/server/app/services';
import type { Session } from '$lib/server/auth/principals';
import type { AuditNote } from '$lib/server/http/audit-note';

declare global {
	namespace App {
		interface Locals {
			/** the dashboard's services, set once per request in hooks.server.ts */
			rt: Realtime;
			/** set by the auth guard in hooks.server.ts; null: nobody signed in */
			session: Session | null;
			/** what an audited change did (its name, the fields it changed): http/audit-note.ts */
			audit?: AuditNote;
		}
	}
}
export {};
