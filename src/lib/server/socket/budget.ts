// Budgets on what one client may ask of the server: events per socket (5,000 joins sent
// without waiting would build 5,000 snapshots), and handshakes per address (a flood of
// anonymous Engine.IO handshakes). Token buckets on the monotonic clock: a burst is allowed,
// a sustained rate above the refill is refused with a clear error, and a socket that keeps
// going after being told is disconnected.

export class TokenBucket {
	#tokens: number;
	#at = performance.now();

	constructor(
		readonly capacity: number,
		readonly refillPerS: number
	) {
		this.#tokens = capacity;
	}

	/** Takes one token; false when there is none left. */
	take(): boolean {
		const now = performance.now();
		this.#tokens = Math.min(
			this.capacity,
			this.#tokens + ((now - this.#at) / 1000) * this.refillPerS
		);
		this.#at = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}

	/** full again: nothing to remember about this client */
	get idle(): boolean {
		return (
			this.#tokens + ((performance.now() - this.#at) / 1000) * this.refillPerS >= this.capacity
		);
	}
}

/** client events one socket may send: a burst of 100 (a page joins a few rooms, search sends per keystroke), then 10 a second */
export const SOCKET_EVENTS = { capacity: 100, refillPerS: 10 };
/** refused events a socket may send after being told before it is disconnected */
export const SOCKET_STRIKES = 20;
/** handshakes one address may make: a burst of 60 (a wall of screens behind one NAT), then 10 a second */
export const HANDSHAKES = { capacity: 60, refillPerS: 10 };
/** addresses remembered at most (an attacker with many addresses cannot grow this without bound) */
const MAX_ADDRESSES = 10_000;

/** One bucket per client address, dropped once full again. */
export class AddressBudget {
	#buckets = new Map<string, TokenBucket>();

	constructor(private readonly spec: { capacity: number; refillPerS: number }) {}

	take(address: string): boolean {
		let b = this.#buckets.get(address);
		if (!b) {
			if (this.#buckets.size >= MAX_ADDRESSES) this.#sweep();
			if (this.#buckets.size >= MAX_ADDRESSES) return false;
			b = new TokenBucket(this.spec.capacity, this.spec.refillPerS);
			this.#buckets.set(address, b);
		}
		return b.take();
	}

	#sweep(): void {
		for (const [k, b] of this.#buckets) if (b.idle) this.#buckets.delete(k);
	}
}
