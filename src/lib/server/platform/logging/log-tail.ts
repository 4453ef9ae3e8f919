// The in-memory side of the logs: the last lines (redacted), counts by level and module,
// and errors grouped by fingerprint — what the System Health page shows live.
import { Writable } from 'node:stream';
import type { ErrorGroup, LevelName, LogLine } from '../../../shared/protocol/state/system.ts';
import { redactDeep } from '../../security/pii/redact.ts';

const LEVELS: Record<number, LevelName> = {
	10: 'trace',
	20: 'debug',
	30: 'info',
	40: 'warn',
	50: 'error',
	60: 'fatal'
};

export interface LogSummary {
	tail: LogLine[];
	byLevel: Partial<Record<LevelName, number>>;
	byModule: Record<string, number>;
	errors: ErrorGroup[];
}

const OMIT = new Set(['level', 'time', 'msg', 'module', 'app', 'pid', 'hostname']);

/** Numbers, hex ids and quoted values vary between occurrences of one error; drop them. */
export function fingerprint(module: string, msg: string, detail: string): string {
	const norm = (s: string) =>
		s
			.replace(/"[^"]*"/g, '"…"')
			.replace(/\b[0-9a-f]{8,}\b/gi, '#')
			.replace(/\d+/g, '#')
			.slice(0, 200);
	return `${module}|${norm(msg)}|${norm(detail)}`;
}

export class LogTail extends Writable {
	#tail: LogLine[] = [];
	#byLevel: Partial<Record<LevelName, number>> = {};
	#byModule: Record<string, number> = {};
	#groups = new Map<string, ErrorGroup>();

	constructor(
		private readonly maxLines = 200,
		private readonly maxGroups = 200
	) {
		super({ decodeStrings: false });
	}

	override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
		for (const raw of chunk.toString().split('\n')) if (raw.trim()) this.add(raw);
		done();
	}

	add(raw: string): void {
		let rec: Record<string, unknown>;
		try {
			rec = JSON.parse(raw) as Record<string, unknown>;
		} catch {
			rec = { level: 30, msg: raw };
		}
		const level = LEVELS[Number(rec.level)] ?? 'info';
		const module = typeof rec.module === 'string' ? rec.module : 'app';
		const fields: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(rec)) if (!OMIT.has(k)) fields[k] = v;
		const line: LogLine = {
			time: typeof rec.time === 'string' ? rec.time : new Date().toISOString(),
			level,
			module,
			msg: redactDeep(String(rec.msg ?? '')),
			fields: redactDeep(fields)
		};
		this.#tail.push(line);
		if (this.#tail.length > this.maxLines) this.#tail.shift();
		this.#byLevel[level] = (this.#byLevel[level] ?? 0) + 1;
		this.#byModule[module] = (this.#byModule[module] ?? 0) + 1;
		if (level === 'warn' || level === 'error' || level === 'fatal') this.#group(line);
	}

	#group(line: LogLine): void {
		const detail = JSON.stringify(line.fields.err ?? line.fields.error ?? '');
		const fp = fingerprint(line.module, line.msg, detail);
		const g = this.#groups.get(fp);
		if (g) {
			g.count++;
			g.lastSeen = line.time;
			g.sample = detail.slice(0, 500);
			this.#groups.delete(fp); // re-insert: the Map stays in least-recently-seen order
			this.#groups.set(fp, g);
			return;
		}
		this.#groups.set(fp, {
			fingerprint: fp,
			level: line.level,
			module: line.module,
			msg: line.msg,
			sample: detail.slice(0, 500),
			count: 1,
			firstSeen: line.time,
			lastSeen: line.time
		});
		if (this.#groups.size > this.maxGroups) this.#groups.delete(this.#groups.keys().next().value!);
	}

	summary(lines = 100, groups = 20): LogSummary {
		return {
			tail: this.#tail.slice(-lines),
			byLevel: { ...this.#byLevel },
			byModule: { ...this.#byModule },
			errors: [...this.#groups.values()]
				.sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : -1))
				.slice(0, groups)
		};
	}
}
