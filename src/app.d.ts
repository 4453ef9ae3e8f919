// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Session } from '$lib/server/auth/service';

declare global {
	namespace App {
		interface Locals {
			/** set by the auth guard in hooks.server.ts; null: nobody signed in */
			session: Session | null;
		}
	}
}
export {};
