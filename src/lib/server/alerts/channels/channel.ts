// One interface for every notification channel; one file per channel beside this one.
import { alertFigures, type AlertNotice } from '../../../shared/protocol/alerts.ts';
import type { RenderedReport } from '../../../shared/protocol/reports.ts';

export interface Channel {
	readonly name: string;
	/** resolves when delivered; throws with a short reason otherwise */
	send(n: AlertNotice): Promise<void>;
	/** a scheduled report (e-mail: HTML and text; Slack: text; webhook: the figures as JSON) */
	sendReport?(r: RenderedReport): Promise<void>;
}

/** "[CRITICAL] Budget exceeded firing: value 105.0%; threshold 100.0%; budget=Search" */
export function summary(n: AlertNotice): string {
	const a = n.alert;
	const labels = Object.entries(a.labels)
		.map(([k, v]) => `${k}=${v}`)
		.join(' ');
	return `[${a.severity.toUpperCase()}] ${a.ruleName} ${n.repeat ? 'still firing' : n.to}: ${alertFigures(a, '; ')}${labels ? `; ${labels}` : ''}${a.detail ? `; ${a.detail}` : ''}`;
}

/** POST JSON with a timeout; a non-2xx answer is a failure. */
export async function postJson(
	url: string,
	body: string,
	headers: Record<string, string>,
	timeoutMs: number
): Promise<void> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
		signal: AbortSignal.timeout(timeoutMs)
	});
	if (!res.ok) throw new Error(`HTTP ${res.status}`);
}
