// Compliance score and regulatory status from the real incident data. The formulas are
// documented in docs/security.md; keep the two in step.
import { dateInZone, startOfHour, type Zone } from '../../shared/time.ts';
import type {
	IncidentView,
	RegulationRow,
	SecurityState
} from '../../shared/protocol/state/security.ts';

/** Entity types whose exposure is severe: money, identity, credentials. */
export const HIGH_RISK = new Set([
	'CREDIT_CARD',
	'US_SSN',
	'IBAN',
	'API_KEY',
	'JWT',
	'US_PASSPORT',
	'US_BANK_NUMBER'
]);

const REGULATIONS: {
	regulation: RegulationRow['regulation'];
	rule: string;
	relevant: (t: string) => boolean;
}[] = [
	{
		regulation: 'GDPR',
		rule: 'any personal data (every entity type except API keys and tokens); attention if any such incident was not redacted or blocked',
		relevant: (t) => t !== 'API_KEY' && t !== 'JWT'
	},
	{
		regulation: 'HIPAA',
		rule: 'US_SSN and medical/health identifiers (MEDICAL_*, *HEALTH*, *NHS*); attention if any was not redacted or blocked',
		relevant: (t) => t === 'US_SSN' || /MEDICAL|HEALTH|NHS/.test(t)
	},
	{
		regulation: 'PCI-DSS',
		rule: 'CREDIT_CARD; attention if any card number was not redacted or blocked',
		relevant: (t) => t === 'CREDIT_CARD'
	},
	{
		regulation: 'CCPA',
		rule: 'e-mail, phone, IP address, SSN, card, bank, passport, driver licence, person, location; attention if any was not redacted or blocked',
		relevant: (t) =>
			[
				'EMAIL_ADDRESS',
				'PHONE_NUMBER',
				'IP_ADDRESS',
				'US_SSN',
				'CREDIT_CARD',
				'US_BANK_NUMBER',
				'US_PASSPORT',
				'US_DRIVER_LICENSE',
				'PERSON',
				'LOCATION'
			].includes(t)
	}
];

export function regulations(incidents: IncidentView[]): RegulationRow[] {
	return REGULATIONS.map(({ regulation, rule, relevant }) => {
		const rel = incidents.filter((i) => relevant(i.entityType));
		const unhandled = rel.filter((i) => i.handled !== true).length;
		return {
			regulation,
			status: rel.length === 0 ? 'not applicable' : unhandled > 0 ? 'attention' : 'ok',
			relevant: rel.length,
			unhandled,
			entityTypes: [...new Set(rel.map((i) => i.entityType))].sort(),
			rule
		};
	});
}

/**
 * score = 100 × (0.5·H + 0.3·R + 0.2·(1 − E)), where
 *   H = handled share of incidents whose action is known (1 when none is known),
 *   R = 1 if incidents in the peak hour ≤ threshold, else threshold / peak,
 *   E = share of high-risk incidents not handled, unknown action counting as not handled (0 when none).
 */
export function complianceScore(
	incidents: IncidentView[],
	peakHourCount: number,
	threshold: number
): SecurityState['compliance'] {
	const known = incidents.filter((i) => i.handled !== null);
	const handledShare = known.length ? known.filter((i) => i.handled).length / known.length : null;
	const rateFactor = peakHourCount <= threshold ? 1 : threshold / peakHourCount;
	const high = incidents.filter((i) => HIGH_RISK.has(i.entityType));
	const highRiskUnhandledShare = high.length
		? high.filter((i) => i.handled !== true).length / high.length
		: null;
	const score =
		100 *
		(0.5 * (handledShare ?? 1) + 0.3 * rateFactor + 0.2 * (1 - (highRiskUnhandledShare ?? 0)));
	return { score: Math.round(score * 10) / 10, handledShare, rateFactor, highRiskUnhandledShare };
}

const HOUR = 3_600_000;

/** Per local hour (the last 24) and per local day (every day in the list), in the dashboard's zone. */
export function timeBuckets(incidents: IncidentView[], now: number, zone: Zone, threshold: number) {
	// the last 24 local hours, oldest first (walked back one local hour at a time, so a zone
	// whose offset is not whole hours, or a DST change, keeps its own hour boundaries)
	const starts = [startOfHour(now, zone)];
	while (starts.length < 24) starts.unshift(startOfHour(starts[0]! - 1, zone));
	const perHour = starts.map((hour) => ({ hour, count: 0 }));
	const index = new Map(starts.map((h, i) => [h, i]));
	const days = new Map<string, IncidentView[]>();
	let lastHourCount = 0;
	for (const inc of incidents) {
		if (inc.ts === null) continue;
		const idx = index.get(startOfHour(inc.ts, zone));
		if (idx !== undefined && inc.ts <= now) perHour[idx]!.count++;
		if (inc.ts > now - HOUR && inc.ts <= now) lastHourCount++;
		const d = dateInZone(inc.ts, zone);
		const list = days.get(d);
		if (list) list.push(inc);
		else days.set(d, [inc]);
	}
	const perDay = [...days.entries()]
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([date, list]) => {
			// that day's busiest local hour (a burst inside one local hour is one hour, in any zone)
			const hours = new Map<number, number>();
			for (const i of list) {
				const h = startOfHour(i.ts!, zone);
				hours.set(h, (hours.get(h) ?? 0) + 1);
			}
			return {
				date,
				count: list.length,
				score: complianceScore(list, Math.max(...hours.values()), threshold).score
			};
		});
	return { perHour, perDay, lastHourCount };
}

/** Incidents per entity type, most first; ties by name, so a cut is never arbitrary. */
export function byEntity(incidents: IncidentView[]): { entityType: string; count: number }[] {
	const counts = new Map<string, number>();
	for (const i of incidents) counts.set(i.entityType, (counts.get(i.entityType) ?? 0) + 1);
	return [...counts.entries()]
		.map(([entityType, count]) => ({ entityType, count }))
		.sort((a, b) => b.count - a.count || (a.entityType < b.entityType ? -1 : 1));
}
