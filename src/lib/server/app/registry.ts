// The live Realtime instance, shared between the module copy loaded by server/ (or the
// Vite plugin) and the copy bundled into SvelteKit's routes. A module-level variable would
// exist twice; a symbol on globalThis exists once per process. It is a stack only so that
// tests may start a second server in one process and close it again.
import type { Realtime } from './services.ts';

const KEY = Symbol.for('helix-dashboard.realtime');
type Holder = { [KEY]?: Realtime[] };

const stack = (): Realtime[] => ((globalThis as Holder)[KEY] ??= []);

export function registerRealtime(rt: Realtime): void {
	stack().push(rt);
}

export function unregisterRealtime(rt: Realtime): void {
	const s = stack();
	const i = s.lastIndexOf(rt);
	if (i >= 0) s.splice(i, 1);
}

export function getRealtime(): Realtime | undefined {
	return stack().at(-1);
}
