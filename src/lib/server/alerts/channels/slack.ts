// Slack incoming webhook: a short text with the severity, state, value and labels.
import type { AlertNotice } from '../../../shared/protocol/alerts.ts';
import type { RenderedReport } from '../../../shared/protocol/reports.ts';
import { postJson, summary, type Channel } from './channel.ts';

const ICON = {
	critical: ':rotating_light:',
	warning: ':warning:',
	info: ':information_source:'
} as const;

export function slackMessage(n: AlertNotice): { text: string; blocks: unknown[] } {
	const text = `${n.to === 'resolved' ? ':white_check_mark:' : ICON[n.alert.severity]} ${summary(n)}`;
	return {
		text,
		blocks: [
			{
				type: 'section',
				text: {
					type: 'mrkdwn',
					text: `*${n.alert.ruleName}* — ${n.repeat ? 'still firing' : n.to}\n${summary(n)}`
				}
			}
		]
	};
}

export class SlackChannel implements Channel {
	readonly name = 'slack';
	constructor(
		private readonly url: string,
		private readonly timeoutMs: number
	) {}

	async send(n: AlertNotice): Promise<void> {
		await postJson(this.url, JSON.stringify(slackMessage(n)), {}, this.timeoutMs);
	}

	async sendReport(r: RenderedReport): Promise<void> {
		// the plain text in a code block keeps its columns
		const body = { text: `*${r.subject}*\n\`\`\`${r.text}\`\`\`` };
		await postJson(this.url, JSON.stringify(body), {}, this.timeoutMs);
	}
}
