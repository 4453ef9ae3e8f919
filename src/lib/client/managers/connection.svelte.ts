// Connection badge state: live (connected, heartbeats arriving), reconnecting, or stale
// (connected but no heartbeat for STALE_AFTER_MS — a frozen server or a dead proxy). The
// server-rendered page seeds the last health it knew, so the first paint is not "unknown".
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
	#now = $state(Date.now());
	#health = $state.raw<Health | null>(null);
	#started = false;

	#status: LinkStatus = $derived.by(() => {
		if (!this.#connected) return this.#everConnected ? 'reconnecting' : 'connecting';
		if (this.#lastBeat === null || this.#now - this.#lastBeat > STALE_AFTER_MS) return 'stale';
		return 'live';
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
		if (!h || this.#health) return;
		this.#health = h;
		this.#seededAt = Date.now();
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		const socket = getSocket();
		socket.on('connect', () => {
			this.#connected = true;
			this.#everConnected = true;
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
