// Webhook: the notice as JSON, signed with HMAC-SHA256 of the body so the receiver can
// check it came from this dashboard (X-Helix-Signature: sha256=<hex>).
import { createHmac } from 'node:crypto';
import type { AlertNotice } from '../../../shared/protocol/alerts.ts';
import type { RenderedReport } from '../../../shared/protocol/reports.ts';
import { postJson, summary, type Channel } from './channel.ts';

export function sign(body: string, secret: string): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookChannel implements Channel {
	readonly name = 'webhook';
	constructor(
		private readonly url: string,
		private readonly secret: string | null,
		private readonly timeoutMs: number
	) {}

	async send(n: AlertNotice): Promise<void> {
		const body = JSON.stringify({ ...n, text: summary(n) });
		await postJson(
			this.url,
			body,
			this.secret ? { 'x-helix-signature': sign(body, this.secret) } : {},
			this.timeoutMs
		);
	}

	async sendReport(r: RenderedReport): Promise<void> {
		const body = JSON.stringify({ report: r.data, subject: r.subject, text: r.text });
		await postJson(
			this.url,
			body,
			this.secret ? { 'x-helix-signature': sign(body, this.secret) } : {},
			this.timeoutMs
		);
	}
}
