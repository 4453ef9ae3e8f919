// The one live Realtime instance, shared between the module copy loaded by server/ (or the
// Vite plugin) and the copy bundled into SvelteKit's routes. A module-level variable would
// exist twice; a symbol on globalThis exists once per process.
import type { Realtime } from './realtime.ts';

const KEY = Symbol.for('helix-dashboard.realtime');
type Holder = { [KEY]?: Realtime };

export function setRealtime(rt: Realtime | undefined): void {
	(globalThis as Holder)[KEY] = rt;
}

export function getRealtime(): Realtime | undefined {
	return (globalThis as Holder)[KEY];
}
