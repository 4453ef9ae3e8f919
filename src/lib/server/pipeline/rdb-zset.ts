// A sorted set's members and scores from its DUMP payload (the RDB serialization Redis 7 and
// later write): a skiplist set stores each score as 8 binary bytes, so reading it costs Redis
// no formatting at all — a ZRANGE … WITHSCORES of 400 members is ~130 µs of Redis's time
// (each score printed with %.17g), a DUMP ~50 µs — and costs node-redis one Buffer per key
// instead of two strings per member. No maintained library reads RDB in JavaScript; this reads
// the two encodings a sorted set has and answers null for anything else (an older or newer
// format, a damaged payload), and the caller then reads the set with ZRANGE. Every length is
// checked against the payload before it is used: a payload costs O(its size), never more.
//
// Format references: Redis's src/rdb.h and rdb.c (RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK,
// length and string encodings), src/listpack.c (entry encodings) and src/lzf_d.c.

/** RDB_TYPE_ZSET_2: a skiplist set — length, then per member an RDB string and an 8-byte LE double */
const ZSET_2 = 5;
/** RDB_TYPE_ZSET_LISTPACK (Redis 7+): one RDB string holding a listpack of member, score, … */
const ZSET_LISTPACK = 17;
/** a DUMP payload ends with a 2-byte RDB version and an 8-byte CRC64 */
const FOOTER = 10;

/** a member, as its bytes in `buf` [from, to) (its text in UTF-8), and its score */
export type MemberSink = (buf: Buffer, from: number, to: number, score: number) => void;

class Damaged extends Error {}

/** Reads a DUMP payload front to back; every read is bounds-checked (Damaged past the end). */
class Reader {
	at = 0;
	constructor(
		readonly buf: Buffer,
		readonly end: number
	) {}

	byte(): number {
		if (this.at >= this.end) throw new Damaged();
		return this.buf[this.at++]!;
	}

	take(n: number): number {
		if (n < 0 || this.at + n > this.end) throw new Damaged();
		const from = this.at;
		this.at += n;
		return from;
	}

	/** an RDB length; `special` for the string encodings (integers, LZF) */
	length(): { n: number; special: boolean } {
		const b = this.byte();
		const kind = b >> 6;
		if (kind === 0) return { n: b & 0x3f, special: false };
		if (kind === 1) return { n: ((b & 0x3f) << 8) | this.byte(), special: false };
		if (kind === 3) return { n: b & 0x3f, special: true };
		if (b === 0x80) return { n: this.buf.readUInt32BE(this.take(4)), special: false };
		if (b === 0x81) {
			const n = this.buf.readBigUInt64BE(this.take(8));
			if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Damaged();
			return { n: Number(n), special: false };
		}
		throw new Damaged();
	}

	/** an RDB string: raw bytes, an integer, or LZF-compressed bytes — as a Buffer and its range */
	string(): { buf: Buffer; from: number; to: number } {
		const { n, special } = this.length();
		if (!special) {
			const from = this.take(n);
			return { buf: this.buf, from, to: from + n };
		}
		if (n <= 2) {
			// RDB_ENC_INT8/16/32: a member such as "123", stored as the integer
			const size = 1 << n;
			const v = this.buf.readIntLE(this.take(size), size);
			const text = intText(v);
			return { buf: text, from: 0, to: text.length };
		}
		if (n !== 3) throw new Damaged();
		const clen = this.length().n;
		const len = this.length().n;
		const out = lzfDecompress(this.buf, this.take(clen), clen, len);
		return { buf: out, from: 0, to: len };
	}
}

/** LZF (lzf_d.c): `clen` bytes at `from` into exactly `len` bytes, or Damaged. */
function lzfDecompress(src: Buffer, from: number, clen: number, len: number): Buffer {
	const out = Buffer.allocUnsafe(len);
	let ip = from;
	let op = 0;
	const inEnd = from + clen;
	while (ip < inEnd) {
		const ctrl = src[ip++]!;
		if (ctrl < 32) {
			const run = ctrl + 1;
			if (op + run > len || ip + run > inEnd) throw new Damaged();
			src.copy(out, op, ip, ip + run);
			ip += run;
			op += run;
		} else {
			let run = ctrl >> 5;
			if (run === 7) {
				if (ip >= inEnd) throw new Damaged();
				run += src[ip++]!;
			}
			if (ip >= inEnd) throw new Damaged();
			let ref = op - ((ctrl & 0x1f) << 8) - 1 - src[ip++]!;
			run += 2;
			if (ref < 0 || op + run > len) throw new Damaged();
			// byte by byte: a back-reference may overlap what it writes
			while (run--) out[op++] = out[ref++]!;
		}
	}
	if (op !== len) throw new Damaged();
	return out;
}

/**
 * A listpack's entries (listpack.c) in order: `entry(int, from, to)` with the integer an entry
 * holds, or null and the range of its bytes.
 */
function listpackEntries(
	b: Buffer,
	from: number,
	to: number,
	entry: (int: number | null, from: number, to: number) => void
): void {
	if (to - from < 7 || b.readUInt32LE(from) !== to - from) throw new Damaged();
	let p = from + 6;
	for (;;) {
		if (p >= to) throw new Damaged();
		const e = b[p]!;
		if (e === 0xff) {
			if (p !== to - 1) throw new Damaged();
			return;
		}
		let int: number | null = null;
		let at = p + 1; // where a string's bytes start
		let n = 0; // a string's length
		if (e < 0x80) int = e;
		else if (e >> 6 === 2) n = e & 0x3f;
		else if (e >> 5 === 6) {
			if (p + 2 > to) throw new Damaged();
			const v = ((e & 0x1f) << 8) | b[p + 1]!;
			int = v >= 1 << 12 ? v - (1 << 13) : v;
			at = p + 2;
		} else if (e >> 4 === 14) {
			if (p + 2 > to) throw new Damaged();
			n = ((e & 0x0f) << 8) | b[p + 1]!;
			at = p + 2;
		} else if (e === 0xf0) {
			if (p + 5 > to) throw new Damaged();
			n = b.readUInt32LE(p + 1);
			at = p + 5;
		} else if (e >= 0xf1 && e <= 0xf4) {
			const size = [2, 3, 4, 8][e - 0xf1]!;
			if (p + 1 + size > to) throw new Damaged();
			int = size === 8 ? Number(b.readBigInt64LE(p + 1)) : b.readIntLE(p + 1, size);
			at = p + 1 + size;
		} else throw new Damaged();
		if (at + n > to) throw new Damaged();
		entry(int, at, at + n);
		// the entry's length once more, backwards, in as many bytes as lpEncodeBacklen gives it
		const size = at + n - p;
		const back =
			size < 128 ? 1 : size < 16_383 ? 2 : size < 2_097_151 ? 3 : size < 268_435_455 ? 4 : 5;
		p += size + back;
	}
}

/** an integer member as the text ZRANGE gives */
const intText = (v: number) => Buffer.from(String(v), 'latin1');

/** A listpack keeps a score as its shortest text (or as an integer): Number() reads it back
 * exactly, except Redis's spelling of the infinities. */
function scoreOf(text: string): number {
	if (text === 'inf' || text === '+inf') return Infinity;
	if (text === '-inf') return -Infinity;
	return Number(text);
}

/**
 * Calls `add` for each member and score of a sorted set's DUMP payload; returns how many, or
 * null if the payload is not a sorted set in an encoding read here (or is damaged).
 */
export function zsetFromDump(payload: Buffer, add: MemberSink): number | null {
	if (payload.length < 1 + FOOTER) return null;
	const r = new Reader(payload, payload.length - FOOTER);
	try {
		const type = r.byte();
		let count = 0;
		if (type === ZSET_2) {
			const n = r.length();
			if (n.special) return null;
			for (let i = 0; i < n.n; i++) {
				const m = r.string();
				add(m.buf, m.from, m.to, r.buf.readDoubleLE(r.take(8)));
			}
			count = n.n;
		} else if (type === ZSET_LISTPACK) {
			const lp = r.string();
			let member: { buf: Buffer; from: number; to: number } | null = null;
			listpackEntries(lp.buf, lp.from, lp.to, (int, from, to) => {
				if (member === null)
					member =
						int === null
							? { buf: lp.buf, from, to }
							: { buf: intText(int), from: 0, to: String(int).length };
				else {
					add(
						member.buf,
						member.from,
						member.to,
						int ?? scoreOf(lp.buf.toString('latin1', from, to))
					);
					member = null;
					count++;
				}
			});
			if (member !== null) return null;
		} else return null;
		return r.at === r.end ? count : null;
	} catch (err) {
		if (err instanceof Damaged || err instanceof RangeError) return null;
		throw err;
	}
}
