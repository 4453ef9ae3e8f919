// E-mail over SMTP (nodemailer), configured by ALERT_SMTP_URL, ALERT_EMAIL_FROM, ALERT_EMAIL_TO.
import nodemailer, { type Transporter } from 'nodemailer';
import type { AlertNotice } from '../../../shared/protocol/alerts.ts';
import type { RenderedReport } from '../../../shared/protocol/reports.ts';
import { summary, type Channel } from './channel.ts';

export class EmailChannel implements Channel {
	readonly name = 'email';
	readonly #transport: Transporter;

	constructor(
		smtpUrl: string,
		private readonly from: string,
		private readonly to: string[],
		timeoutMs: number
	) {
		this.#transport = nodemailer.createTransport(smtpUrl, {
			connectionTimeout: timeoutMs,
			greetingTimeout: timeoutMs,
			socketTimeout: timeoutMs
		});
	}

	async send(n: AlertNotice): Promise<void> {
		const text = `${summary(n)}\n\nSince: ${new Date(n.alert.since).toISOString()}\nRule: ${n.alert.ruleName} (${n.alert.ruleId})\n`;
		await this.#transport.sendMail({
			from: this.from,
			to: this.to,
			subject: `[helix] ${summary(n)}`.slice(0, 200),
			text
		});
	}

	async sendReport(r: RenderedReport): Promise<void> {
		await this.#transport.sendMail({
			from: this.from,
			to: this.to,
			subject: r.subject,
			text: r.text,
			html: r.html
		});
	}
}
