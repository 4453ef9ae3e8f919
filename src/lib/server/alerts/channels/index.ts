// The configured channels, and delivery with retries: a failure is recorded, retried with
// backoff, and never blocks the other channels.
import type { AlertNotice, DeliveryResult } from '../../../shared/protocol/alerts.ts';
import type { AlertChannelsConfig } from '../../platform/config.ts';
import type { Channel } from './channel.ts';
import { EmailChannel } from './email.ts';
import { SlackChannel } from './slack.ts';
import { WebhookChannel } from './webhook.ts';

export function createChannels(c: AlertChannelsConfig): Channel[] {
	const out: Channel[] = [];
	if (c.webhookUrl) out.push(new WebhookChannel(c.webhookUrl, c.webhookSecret, c.timeoutMs));
	if (c.slackWebhookUrl) out.push(new SlackChannel(c.slackWebhookUrl, c.timeoutMs));
	if (c.smtpUrl && c.emailTo.length)
		out.push(new EmailChannel(c.smtpUrl, c.emailFrom, c.emailTo, c.timeoutMs));
	return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function deliver(
	channels: Channel[],
	n: AlertNotice,
	retries: number,
	now: () => number
): Promise<DeliveryResult[]> {
	return deliverWith(channels, (ch) => ch.send(n), retries, now);
}

/** Each channel's `send` with retries and backoff, all channels at once. */
export async function deliverWith(
	channels: Channel[],
	send: (ch: Channel) => Promise<void>,
	retries: number,
	now: () => number
): Promise<DeliveryResult[]> {
	return Promise.all(
		channels.map(async (ch) => {
			let lastErr = '';
			for (let attempt = 1; attempt <= retries + 1; attempt++) {
				try {
					await send(ch);
					return { channel: ch.name, ok: true, detail: 'delivered', at: now(), attempts: attempt };
				} catch (err) {
					lastErr = (err as Error).message || String(err);
					if (attempt <= retries) await sleep(200 * 2 ** (attempt - 1));
				}
			}
			return {
				channel: ch.name,
				ok: false,
				detail: lastErr.slice(0, 200),
				at: now(),
				attempts: retries + 1
			};
		})
	);
}
