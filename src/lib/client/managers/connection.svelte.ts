// Connection badge state: live (connected, heartbeats arriving), reconnecting, or stale
// (connected but no heartbeat for STALE_AFTER_MS — a frozen server or a dead proxy).
import { STALE_AFTER_MS } from '../../shared/protocol/events.ts';
import type { Health } from '../../shared/protocol/health.ts';
import { getSocket } from '../socket.ts';

export type LinkStatus = 'connecting' | 'live' | 'reconnecting' | 'stale';

class ConnectionManager {
	#connected = $state(false);
	#everConnected = $state(false);
	#lastBeat = $state<number | null>(null);
	#now = $state(Date.now());
	health = $state.raw<Health | null>(null);

	status: LinkStatus = $derived.by(() => {
		if (!this.#connected) return this.#everConnected ? 'reconnecting' : 'connecting';
		if (this.#lastBeat === null || this.#now - this.#lastBeat > STALE_AFTER_MS) return 'stale';
		return 'live';
	});

	/** ms since the gateway's last write, on the browser's clock corrected by the server's */
	gatewayAge: number | null = $derived.by(() => {
		const h = this.health;
		if (!h || h.gateway.lastWriteAt === null || this.#lastBeat === null) return null;
		return h.now - h.gateway.lastWriteAt + (this.#now - this.#lastBeat);
	});

	#started = false;

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
			this.health = h;
			this.#lastBeat = Date.now();
			this.#now = this.#lastBeat;
		});
		setInterval(() => (this.#now = Date.now()), 1_000);
	}
}

export const connection = new ConnectionManager();
