// The Alerts room: what the bell, the Overview, the NOC wall and the Alerts page show — the
// alert system as this node runs it, and the latest history.
import type { AlertHistoryEntry, AlertsOverview } from '../alerts.ts';

export interface AlertsState extends AlertsOverview {
	/** false with ENABLE_ALERTS=false: everything else is empty */
	enabled: boolean;
	/** the latest state changes, newest first (the API reads further back) */
	history: AlertHistoryEntry[];
}
