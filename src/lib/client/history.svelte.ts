// Rune state for a page's history charts: the answers of /api/history for the page's range
// (and the previous period of the same length, for "vs previous" and the compare overlay),
// the annotations, and — while the range ends at "now" — the newest steps pushed over the
// socket (history:tip), watched again after every reconnect. Fetched through `call()`, the
// one REST client; nothing here polls.
import {
	HISTORY_METRICS,
	type Annotation,
	type HistoryAnswer,
	type HistoryMetric,
	type HistoryPoint,
	type ViewRange
} from '../shared/protocol/history.ts';
import { call } from './api.ts';
import { getSocket } from './socket.ts';

export interface HistorySpec {
	metric: HistoryMetric;
	model?: string;
	team?: string;
}

/** counts and money: the range's figure is the sum of its steps (the server's summary is the
 * same sum), so a tip updates it; ratios, quantiles and gauges keep the loaded summary */
const additive = (m: HistoryMetric) => ['count', 'usd'].includes(HISTORY_METRICS[m].unit);
function sumOf(points: HistoryPoint[]): number | null {
	let seen = false;
	let total = 0;
	for (const [, v] of points)
		if (v !== null) {
			seen = true;
			total += v;
		}
	return seen ? total : null;
}

const specKey = (s: HistorySpec) => `${s.metric}|${s.model ?? ''}|${s.team ?? ''}`;

/** Replaces the steps the tip carries and appends newer ones, sliding a range that ends now. */
export function applyTip(points: HistoryPoint[], tip: HistoryPoint[]): HistoryPoint[] {
	if (!tip.length) return points;
	const out = points.slice();
	let added = 0;
	for (const p of tip) {
		const i = out.findLastIndex(([t]) => t === p[0]);
		if (i >= 0) out[i] = p;
		else if (!out.length || p[0] > out.at(-1)![0]) {
			out.push(p);
			added++;
		}
	}
	return added ? out.slice(added) : out;
}

/** An answer with a tip applied: its steps replaced or appended, its end and (for counts and
 * money) its summary following. */
export function withTip(a: HistoryAnswer, tip: HistoryPoint[]): HistoryAnswer {
	const points = applyTip(a.points, tip);
	return {
		...a,
		points,
		to: Math.max(a.to, points.at(-1)?.[0] ?? a.to),
		summary: additive(a.metric) ? sumOf(points) : a.summary
	};
}

/**
 * The tips that arrive while an answer is re-read. The re-read and the tips travel apart (HTTP
 * and the socket), so a re-read may have been answered from Redis before a commit whose tip
 * arrives first: the answer would then overwrite that tip with older figures — for good after
 * a catch-up, whose steps no later tip carries (seen as a 24 h tile stuck at 0 after a
 * restart). The tips noted during a re-read are applied again, in order, on top of its answer;
 * a tip is absolute per step, so one older than the answer changes nothing the next tip does
 * not carry.
 */
export class RereadTips {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
	readonly #open = new Map<string, HistoryPoint[][]>();

	begin(key: string): void {
		this.#open.set(key, []);
	}

	/** a tip for `key` (kept only while `key` is being re-read) */
	note(key: string, tip: HistoryPoint[]): void {
		this.#open.get(key)?.push(tip);
	}

	/** the re-read's answer with the tips that came meanwhile */
	end(key: string, answer: HistoryAnswer): HistoryAnswer {
		const tips = this.#open.get(key) ?? [];
		this.#open.delete(key);
		return tips.reduce(withTip, answer);
	}

	clear(): void {
		this.#open.clear();
	}
}

export class HistoryView {
	#answers = $state.raw<Record<string, HistoryAnswer>>({});
	#previous = $state.raw<Record<string, HistoryAnswer>>({});
	#notes = $state.raw<Annotation[]>([]);
	#error = $state<string | null>(null);
	#loading = $state(false);
	/** watch id → spec key */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping for the socket, never rendered
	#watching = new Map<string, string>();
	readonly #rereads = new RereadTips();
	#generation = 0;
	#range: ViewRange | null = null;
	#offSocket: (() => void) | null = null;

	constructor(private readonly specs: HistorySpec[]) {}

	answer(s: HistorySpec): HistoryAnswer | null {
		return this.#answers[specKey(s)] ?? null;
	}

	previous(s: HistorySpec): HistoryAnswer | null {
		return this.#previous[specKey(s)] ?? null;
	}

	get annotations(): Annotation[] {
		return this.#notes;
	}

	get error(): string | null {
		return this.#error;
	}

	get loading(): boolean {
		return this.#loading;
	}

	/** Loads `range` (and the period before it); a newer load supersedes an older one. */
	async load(range: ViewRange): Promise<void> {
		const gen = ++this.#generation;
		this.#range = range;
		this.#unwatch();
		this.#loading = true;
		// the old range's points on the new range's axis would mislead: show "loading…" instead
		this.#answers = {};
		this.#previous = {};
		const len = range.to - range.from;
		const get = (s: HistorySpec, from: number, to: number) =>
			call('GET /api/history', {
				query: { metric: s.metric, from, to, model: s.model, team: s.team }
			});
		const [cur, prev, notes] = await Promise.all([
			Promise.all(this.specs.map((s) => get(s, range.from, range.to))),
			Promise.all(this.specs.map((s) => get(s, range.from - len, range.from))),
			call('GET /api/history/annotations', { query: { from: range.from, to: range.to } })
		]);
		if (gen !== this.#generation) return;
		this.#loading = false;
		const failed = [...cur, ...prev].find((r) => !r.ok);
		// a team-limited account gets no annotations (they span every team): no error for that
		const notesError = notes.ok || notes.code === 'forbidden' ? null : notes.msg;
		this.#error = failed && !failed.ok ? failed.msg : notesError;
		const answers: Record<string, HistoryAnswer> = {};
		const previous: Record<string, HistoryAnswer> = {};
		this.specs.forEach((s, i) => {
			const a = cur[i]!;
			const p = prev[i]!;
			if (a.ok) answers[specKey(s)] = a.data;
			if (p.ok) previous[specKey(s)] = p.data;
		});
		this.#answers = answers;
		this.#previous = previous;
		this.#notes = notes.ok ? notes.data : [];
		if (range.endsNow) this.#watch();
	}

	/** Follows the tips of the loaded answers; returns the cleanup (call from $effect). */
	connect(): () => void {
		const socket = getSocket();
		const onTip = ({ id, points }: { id: string; points: HistoryPoint[] }) => {
			const key = this.#watching.get(id);
			const a = key ? this.#answers[key] : undefined;
			if (!key || !a) return;
			this.#rereads.note(key, points);
			this.#answers = { ...this.#answers, [key]: withTip(a, points) };
		};
		// rooms do not survive a reconnect: watch again
		const onConnect = () => {
			if (this.#range?.endsNow) this.#watch();
		};
		socket.on('history:tip', onTip);
		socket.on('connect', onConnect);
		this.#offSocket = () => {
			socket.off('history:tip', onTip);
			socket.off('connect', onConnect);
		};
		return () => {
			this.#unwatch();
			this.#offSocket?.();
			this.#offSocket = null;
			this.#generation++;
		};
	}

	#watch(): void {
		const socket = getSocket();
		if (!socket.connected) return; // onConnect watches
		const gen = this.#generation;
		for (const s of this.specs) {
			const a = this.#answers[specKey(s)];
			if (!a) continue;
			socket.emit(
				'history:watch',
				{ metric: s.metric, tier: a.tier, step: a.step_ms, model: s.model, team: s.team },
				(r) => {
					if (!r.ok) return;
					if (gen !== this.#generation) return void socket.emit('history:unwatch', r.data.id);
					this.#watching.set(r.data.id, specKey(s));
					// subscribe, then read: a commit between the first answer and the watch (a
					// catch-up after a restart) would otherwise never reach this chart
					void this.#reread(s, gen);
				}
			);
		}
	}

	/** The answer of `s` again for the same range, now that its tips are followed. */
	async #reread(s: HistorySpec, gen: number): Promise<void> {
		const range = this.#range;
		if (!range) return;
		const key = specKey(s);
		this.#rereads.begin(key);
		const r = await call('GET /api/history', {
			query: { metric: s.metric, from: range.from, to: range.to, model: s.model, team: s.team }
		});
		const answer = r.ok ? this.#rereads.end(key, r.data) : null;
		if (!answer || gen !== this.#generation || !this.#answers[key]) return;
		this.#answers = { ...this.#answers, [key]: answer };
	}

	#unwatch(): void {
		const socket = getSocket();
		for (const id of this.#watching.keys()) socket.emit('history:unwatch', id);
		this.#watching.clear();
		this.#rereads.clear();
	}
}
