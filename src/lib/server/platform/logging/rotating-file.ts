// A size-rotated log file: helix-dashboard.log, then .1 … .keep. Written synchronously
// (log volume is low: no per-request lines), so a crash loses nothing already logged.
import {
	closeSync,
	existsSync,
	fstatSync,
	mkdirSync,
	openSync,
	renameSync,
	rmSync,
	writeSync
} from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

export interface RotatingFileOptions {
	dir: string;
	name?: string;
	maxBytes: number;
	keep: number;
}

export class RotatingFile extends Writable {
	readonly file: string;
	#fd: number;
	#size: number;

	constructor(private readonly opts: RotatingFileOptions) {
		super({ decodeStrings: false });
		mkdirSync(opts.dir, { recursive: true });
		this.file = path.join(opts.dir, opts.name ?? 'helix-dashboard.log');
		this.#fd = openSync(this.file, 'a');
		this.#size = fstatSync(this.#fd).size;
	}

	override _write(
		chunk: Buffer | string,
		_enc: BufferEncoding,
		done: (err?: Error | null) => void
	): void {
		try {
			const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			if (this.#size > 0 && this.#size + buf.length > this.opts.maxBytes) this.#rotate();
			writeSync(this.#fd, buf);
			this.#size += buf.length;
			done();
		} catch (err) {
			done(err as Error);
		}
	}

	#rotate(): void {
		closeSync(this.#fd);
		const { keep } = this.opts;
		rmSync(`${this.file}.${keep}`, { force: true });
		for (let i = keep - 1; i >= 1; i--) {
			if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
		}
		if (keep >= 1) renameSync(this.file, `${this.file}.1`);
		else rmSync(this.file, { force: true });
		this.#fd = openSync(this.file, 'a');
		this.#size = 0;
	}

	override _final(done: (err?: Error | null) => void): void {
		closeSync(this.#fd);
		done();
	}
}
