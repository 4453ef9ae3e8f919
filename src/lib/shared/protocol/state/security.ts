// The Security room: the redacted incident feed, breakdowns, compliance and settings.
import type { SecuritySettings } from '../security.ts';

/** A PII incident as it may leave the server: every free-text field already redacted. */
export interface IncidentView {
	id: string;
	userId: string;
	ts: number | null;
	entityType: string;
	/** recorded by the gateway, classified from the text by the detectors, or unknown */
	entitySource: 'recorded' | 'classified' | 'unknown';
	action: string | null;
	/** redacted or blocked; null when the gateway recorded no action */
	handled: boolean | null;
	preview: string;
	fields: Record<string, string>;
}

export interface RegulationRow {
	regulation: 'GDPR' | 'HIPAA' | 'PCI-DSS' | 'CCPA';
	status: 'not applicable' | 'ok' | 'attention';
	relevant: number;
	unhandled: number;
	entityTypes: string[];
	rule: string;
}

export interface SecurityState {
	/** newest first, at most 100 */
	feed: IncidentView[];
	total: number;
	listLength: number | null;
	malformed: number;
	lastMalformed: string | null;
	byEntity: { entityType: string; count: number }[];
	/** last 24 hours, oldest first, in the dashboard's zone */
	perHour: { hour: number; count: number }[];
	/** per day with incidents in the list, oldest first */
	perDay: { date: string; count: number; score: number | null }[];
	lastHourCount: number;
	compliance: {
		score: number | null;
		handledShare: number | null;
		rateFactor: number;
		highRiskUnhandledShare: number | null;
	};
	regulations: RegulationRow[];
	settings: SecuritySettings;
}
