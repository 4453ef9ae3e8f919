// When a scheduled report is due and which local days it covers, in the dashboard's zone
// (Intl through shared/time.ts; the host's TZ plays no part): daily at `at` covers the day
// before, weekly on `day` at `at` the 7 days before, monthly on `day` at `at` the previous
// calendar month. A DST day is a day: "08:00" is 08:00 on the wall clock whatever the offset.
import type { ReportKind, ReportPeriod, ReportSchedule } from '../../shared/protocol/reports.ts';
import { WEEKDAYS } from '../../shared/protocol/reports.ts';
import {
	dateInZone,
	dateOfDay,
	dayOfDate,
	localTime,
	zonedTime,
	type Zone
} from '../../shared/time.ts';

const at = (date: string, hhmm: string, zone: Zone) =>
	zonedTime(
		+date.slice(0, 4),
		+date.slice(5, 7),
		+date.slice(8, 10),
		+hhmm.slice(0, 2),
		+hhmm.slice(3, 5),
		zone
	);
const pad = (n: number) => String(n).padStart(2, '0');

/** The most recent due instance of `kind` at or before `now`, or null if it is not scheduled. */
export function lastDue(
	kind: ReportKind,
	schedule: ReportSchedule,
	now: number,
	zone: Zone
): ReportPeriod | null {
	const today = dayOfDate(dateInZone(now, zone));
	if (kind === 'daily') {
		const s = schedule.daily;
		if (!s) return null;
		// today's run if its time has come, else yesterday's
		const d = at(dateOfDay(today), s.at, zone) <= now ? today : today - 1;
		const day = dateOfDay(d - 1);
		return { kind, from: day, to: day, key: `daily:${day}`, dueAt: at(dateOfDay(d), s.at, zone) };
	}
	if (kind === 'weekly') {
		const s = schedule.weekly;
		if (!s) return null;
		const want = WEEKDAYS.indexOf(s.day);
		for (let d = today; d > today - 8; d--) {
			// a local date's weekday needs no zone: day 0 (1970-01-01) was a Thursday
			if ((d + 4) % 7 !== want) continue;
			const dueAt = at(dateOfDay(d), s.at, zone);
			if (dueAt > now) continue;
			return {
				kind,
				from: dateOfDay(d - 7),
				to: dateOfDay(d - 1),
				key: `weekly:${dateOfDay(d - 7)}`,
				dueAt
			};
		}
		return null;
	}
	const s = schedule.monthly;
	if (!s) return null;
	const t = localTime(now, zone);
	let y = t.year;
	let m = t.month;
	if (at(`${y}-${pad(m)}-${pad(s.day)}`, s.at, zone) > now) {
		m--;
		if (m === 0) [y, m] = [y - 1, 12];
	}
	// the month before the one it is sent in
	const py = m === 1 ? y - 1 : y;
	const pm = m === 1 ? 12 : m - 1;
	const first = `${py}-${pad(pm)}-01`;
	const last = dateOfDay(dayOfDate(`${y}-${pad(m)}-01`) - 1);
	return {
		kind,
		from: first,
		to: last,
		key: `monthly:${py}-${pad(pm)}`,
		dueAt: at(`${y}-${pad(m)}-${pad(s.day)}`, s.at, zone)
	};
}
