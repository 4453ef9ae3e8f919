// The Security room: the redacted incident feed, breakdowns, compliance and regulations.
// Everything here comes from store.incidents, which holds redacted views only.
import { KEYS } from '../../../shared/contract/keys.ts';
import type { SecurityState } from '../../../shared/protocol/state/security.ts';
import type { Zone } from '../../../shared/time.ts';
import type { SecuritySettings } from '../../../shared/protocol/security.ts';
import { byEntity, complianceScore, regulations, timeBuckets } from '../../security/compliance.ts';
import type { Store } from '../../pipeline/store.ts';
import type { Topic } from './topic.ts';

export const FEED_SIZE = 100;

export class SecurityTopic implements Topic<'security'> {
	readonly room = 'security' as const;

	constructor(
		private readonly timezone: Zone,
		private readonly settings: () => SecuritySettings
	) {}

	derive(store: Store, now: number): SecurityState {
		const settings = this.settings();
		const list = store.incidents?.incidents ?? [];
		const { perHour, perDay, lastHourCount } = timeBuckets(
			list,
			now,
			this.timezone,
			settings.incidentThresholdPerHour
		);
		const peak = Math.max(lastHourCount, ...perHour.map((h) => h.count));
		return {
			feed: list.slice(0, FEED_SIZE),
			total: list.length,
			listLength: store.listLengths.get(KEYS.piiIncidents) ?? null,
			malformed: store.incidents?.malformed ?? 0,
			lastMalformed: store.incidents?.lastError ?? null,
			byEntity: byEntity(list),
			perHour,
			perDay,
			lastHourCount,
			compliance: complianceScore(list, peak, settings.incidentThresholdPerHour),
			regulations: regulations(list),
			settings
		};
	}
}
