// Alerts in the browser: toasts from the socket's 'alert' events (critical stays until
// dismissed, warning fades after 15 s, info after 6 s) and the active list for the bell and
// the Overview, refreshed from /api/alerts whenever something changes.
import type { AlertNotice, AlertView } from '../../shared/protocol/alerts.ts';
import { getSocket } from '../socket.ts';

export interface Toast {
	id: number;
	notice: AlertNotice;
}

const FADE = { critical: 0, warning: 15_000, info: 6_000 } as const;

class AlertsManager {
	toasts = $state<Toast[]>([]);
	active = $state.raw<AlertView[]>([]);
	enabled = $state(true);
	#next = 1;
	#started = false;

	start(): void {
		if (this.#started) return;
		this.#started = true;
		const socket = getSocket();
		socket.on('alert', (n) => {
			this.#toast(n);
			void this.refresh();
		});
		socket.on('connect', () => void this.refresh());
		void this.refresh();
	}

	async refresh(): Promise<void> {
		try {
			const res = await fetch('/api/alerts');
			if (res.status === 404) {
				this.enabled = false;
				return;
			}
			if (res.ok) this.active = ((await res.json()) as { active: AlertView[] }).active;
		} catch {
			/* the connection badge already says the server is away */
		}
	}

	#toast(n: AlertNotice): void {
		const id = this.#next++;
		// a resolution fades even for a critical alert: nothing is wrong any more
		const fade = n.to === 'resolved' ? 8_000 : FADE[n.alert.severity];
		this.toasts = [...this.toasts.slice(-9), { id, notice: n }];
		if (fade) setTimeout(() => this.dismiss(id), fade);
	}

	dismiss(id: number): void {
		this.toasts = this.toasts.filter((t) => t.id !== id);
	}
}

export const alerts = new AlertsManager();
