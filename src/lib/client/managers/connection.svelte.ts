// Connection badge state: live (connected, heartbeats arriving), reconnecting, or stale
// (connected but no heartbeat for STALE_AFTER_MS — a frozen server or a dead proxy). The
// server-rendered page seeds the health it knew when it rendered, so the first paint shows
// the server's state ("live", Redis connected, the gateway's last write) and not "unknown"
// or "stale" while the socket connects. On the server this module is shared by every
// request: each render seeds it afresh (a render is synchronous, so requests cannot mix).
import { STALE_AFTER_MS } from '../../shared/protocol/events.ts';
import type { Health } from '../../shared/protocol/health.ts';
import { getSocket } from '../socket.ts';

export type LinkStatus = 'connecting' | 'live' | 'reconnecting' | 'stale';

/** how often the badge re-checks staleness (a clock, not a fetch) */
const TICK_MS = 1_000;

class ConnectionManager {
	#connected = $state(false);
	#everConnected = $state(false);
	#lastBeat = $state<number | null>(null);
	#connectedAt = $state<number | null>(null);
	#now = $state(Date.now());
	#health = $state.raw<Health | null>(null);
	#started = false;

	#status: LinkStatus = $derived.by(() => {
		if (!this.#connected) {
			if (this.#everConnected) return 'reconnecting';
			// the page was just rendered with the server's state: that is live until it ages
			return this.#health && this.#now - this.#seededAt <= STALE_AFTER_MS ? 'live' : 'connecting';
		}
		// the first heartbeat may still be on its way: counted from the connection, not from 0
		const since = this.#lastBeat ?? this.#connectedAt ?? 0;
		return this.#now - since > STALE_AFTER_MS ? 'stale' : 'live';
	});

	/** ms since the gateway's last write, on the browser's clock corrected by the server's */
	#gatewayAge: number | null = $derived.by(() => {
		const h = this.#health;
		if (!h || h.gateway.lastWriteAt === null) return null;
		const since = this.#lastBeat ?? this.#seededAt;
		return h.now - h.gateway.lastWriteAt + (this.#now - since);
	});
	#seededAt = Date.now();

	get status(): LinkStatus {
		return this.#status;
	}

	get health(): Health | null {
		return this.#health;
	}

	get gatewayAge(): number | null {
		return this.#gatewayAge;
	}

	/** The health the server rendered the page with: shown until the first heartbeat. */
	seed(h: Health | null): void {
		if (!h || this.#lastBeat !== null) return;
		this.#health = h;
		this.#seededAt = Date.now();
		this.#now = this.#seededAt;
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		const socket = getSocket();
		socket.on('connect', () => {
			this.#connected = true;
			this.#everConnected = true;
			this.#connectedAt = Date.now();
			this.#now = this.#connectedAt;
		});
		socket.on('disconnect', () => (this.#connected = false));
		socket.on('heartbeat', (h) => {
			this.#health = h;
			this.#lastBeat = Date.now();
			this.#now = this.#lastBeat;
		});
		setInterval(() => (this.#now = Date.now()), TICK_MS);
	}
}

export const connection = new ConnectionManager();
