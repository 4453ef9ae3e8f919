// Alerts in the browser: the Alerts room (active alerts for the bell, the Overview and the
// NOC wall; rules, silences and history for the Alerts page) and toasts from the socket's
// 'alert' events (critical stays until dismissed, warning fades after 15 s, info after 6 s).
// Nothing is fetched on a timer: the room pushes every change.
import type { AlertNotice, AlertView } from '../../shared/protocol/alerts.ts';
import type { AlertsState } from '../../shared/protocol/state/alerts.ts';
import { RoomState } from '../room.svelte.ts';
import { getSocket } from '../socket.ts';

export interface Toast {
	id: number;
	notice: AlertNotice;
}

const FADE = { critical: 0, warning: 15_000, info: 6_000 } as const;
/** toasts shown at once at most (older ones make room) */
const MAX_TOASTS = 10;

class AlertsManager {
	#toasts = $state<Toast[]>([]);
	#room = $state.raw<RoomState<'alerts'> | null>(null);
	#next = 1;

	get toasts(): Toast[] {
		return this.#toasts;
	}

	/** the Alerts room's state; null until its first snapshot */
	get state(): AlertsState | null {
		return this.#room?.state ?? null;
	}

	get active(): AlertView[] {
		return this.state?.active ?? [];
	}

	/** false with ENABLE_ALERTS=false (true until the server says otherwise) */
	get enabled(): boolean {
		return this.state?.enabled ?? true;
	}

	/** Follows the Alerts room for the page's lifetime; the first call starts it. */
	start(initial?: AlertsState | null): void {
		if (this.#room) return;
		this.#room = new RoomState(
			'alerts',
			1,
			initial ? { room: 'alerts', seq: 0, at: 0, state: initial, series: [] } : null
		);
		this.#room.connect();
		getSocket().on('alert', (n) => this.#toast(n));
	}

	#toast(n: AlertNotice): void {
		const id = this.#next++;
		// a resolution fades even for a critical alert: nothing is wrong any more
		const fade = n.to === 'resolved' ? 8_000 : FADE[n.alert.severity];
		this.#toasts = [...this.#toasts.slice(-(MAX_TOASTS - 1)), { id, notice: n }];
		if (fade) setTimeout(() => this.dismiss(id), fade);
	}

	dismiss(id: number): void {
		this.#toasts = this.#toasts.filter((t) => t.id !== id);
	}

	dismissAll(): void {
		this.#toasts = [];
	}
}

export const alerts = new AlertsManager();
