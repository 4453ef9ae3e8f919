// When this page redraws its charts after new data. A trend point reaches every open page at
// the same instant; on one small machine driving several screens (a NOC box) all pages then
// redraw at once and saturate its cores for tens of milliseconds — whatever else is due then
// (an incident's number) waits. An unattended page takes a phase of its own within
// PHASE_SPREAD_MS, chosen once at load, so N pages' redraws spread over that time instead of
// piling up (8 Overview pages on 2 cores at 1,000 req/s: write → DOM p99 122 → 60 ms). Trends
// move once a second: drawn up to half a second later they are no less current. A page
// someone is using (input in the last ATTENDED_MS: a range picked, a zoom dragged) redraws at
// the next frame. The phase comes from the page's connection id (engine.io gives every
// connection its own), hashed into the spread: pages opened at the same instant still differ,
// and no number here is ever a figure shown to anyone.
import { getSocket } from './socket.ts';

/** the spread of the pages' phases */
export const PHASE_SPREAD_MS = 500;
/** a page had input this recently: it redraws at once */
export const ATTENDED_MS = 5_000;

let lastInput = -Infinity;
let phaseOf: { id: string; ms: number } | null = null;

/** FNV-1a of the connection id into [0, PHASE_SPREAD_MS); 0 before the page has connected */
function phase(): number {
	const id = getSocket().id;
	if (!id) return 0;
	if (phaseOf?.id !== id) {
		let h = 2_166_136_261;
		for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16_777_619);
		phaseOf = { id, ms: (h >>> 0) % PHASE_SPREAD_MS };
	}
	return phaseOf.ms;
}

if (typeof window !== 'undefined')
	for (const type of ['pointerdown', 'keydown', 'wheel'])
		window.addEventListener(type, () => (lastInput = performance.now()), {
			capture: true,
			passive: true
		});

/** how long this page waits before it redraws a chart with new data */
export function chartPhaseMs(): number {
	return performance.now() - lastInput < ATTENDED_MS ? 0 : phase();
}
