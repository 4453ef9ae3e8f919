// The one time module. A zone is an IANA name ("Europe/Berlin", "Asia/Kathmandu", "UTC") or a
// fixed offset ("+05:30", "-08:00"); Intl does the IANA arithmetic (DST, 23- and 25-hour
// days, the repeated hour), so nothing here or elsewhere depends on the host's TZ. Fixed
// offsets are the one place with hand-written offset arithmetic (Node 20's Intl has no
// offset zones). Server (day boundaries, spend dates, per-hour figures) and browser
// (axes, timestamps) use the same functions.

export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** An IANA zone name or a fixed offset "+HH:MM" / "-HH:MM". */
export type Zone = string;

export const UTC: Zone = 'UTC';
const MINUTE = 60_000;
const DAY = 86_400_000;
const FIXED = /^([+-])(\d{2}):(\d{2})$/;

/** The fixed-offset zone for `hours` east of UTC (fractional: 5.5, 5.75, -9.5). */
export function fixedZone(hours: number): Zone {
	if (hours === 0) return UTC;
	const total = Math.round(Math.abs(hours) * 60);
	const hh = String(Math.floor(total / 60)).padStart(2, '0');
	const mm = String(total % 60).padStart(2, '0');
	return `${hours < 0 ? '-' : '+'}${hh}:${mm}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
	let f = formatters.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(zone, f);
	}
	return f;
}

/** Whether `zone` is a zone this module understands (a valid IANA name or a fixed offset). */
export function isZone(zone: string): boolean {
	if (zone === UTC || FIXED.test(zone))
		return FIXED.exec(zone) ? fixedMinutes(zone) <= 14 * 60 : true;
	try {
		partsFormatter(zone);
		return true;
	} catch {
		return false;
	}
}

function fixedMinutes(zone: string): number {
	const m = FIXED.exec(zone)!;
	return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Offsets change at most every 15 minutes of real time in any zone: cached per quarter hour. */
const QUARTER = 15 * MINUTE;
const offsetCache = new Map<string, number>();
const OFFSET_CACHE_MAX = 50_000;

/** Minutes east of UTC that `zone` is at the instant `ms`. */
export function offsetMinutes(ms: number, zone: Zone): number {
	if (zone === UTC) return 0;
	if (FIXED.test(zone)) return fixedMinutes(zone);
	const q = Math.floor(ms / QUARTER);
	const key = `${zone}|${q}`;
	const hit = offsetCache.get(key);
	if (hit !== undefined) return hit;
	const p = partsFormatter(zone).formatToParts(ms);
	const n = (t: string) => Number(p.find((x) => x.type === t)!.value);
	const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
	// seconds are not part of any offset in use; round away the instant's own seconds
	const off = Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE);
	if (offsetCache.size >= OFFSET_CACHE_MAX) offsetCache.clear();
	offsetCache.set(key, off);
	return off;
}

export interface LocalTime {
	year: number;
	/** 1..12 */
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	/** 0 = Sunday */
	weekday: number;
}

/** The wall-clock fields of the instant `ms` in `zone`. */
export function localTime(ms: number, zone: Zone): LocalTime {
	const d = new Date(ms + offsetMinutes(ms, zone) * MINUTE);
	return {
		year: d.getUTCFullYear(),
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		hour: d.getUTCHours(),
		minute: d.getUTCMinutes(),
		second: d.getUTCSeconds(),
		weekday: d.getUTCDay()
	};
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** YYYY-MM-DD of the instant `ms` in `zone`. */
export function dateInZone(ms: number, zone: Zone): string {
	const t = localTime(ms, zone);
	return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

/**
 * The instant the local wall clock of `zone` reads `y-mo-d h:mi` (month 1..12). In the
 * repeated hour of a DST change the first of the two; in a gap (a wall time that does not
 * exist) the transition itself, the first instant after the gap.
 */
export function zonedTime(
	y: number,
	mo: number,
	d: number,
	h: number,
	mi: number,
	zone: Zone
): number {
	const wall = Date.UTC(y, mo - 1, d, h, mi);
	if (zone === UTC || FIXED.test(zone)) return wall - offsetMinutes(wall, zone) * MINUTE;
	// the offsets either side of any transition near this wall time
	const before = offsetMinutes(wall - DAY, zone);
	const after = offsetMinutes(wall + DAY, zone);
	const fits = [before, after]
		.map((o) => wall - o * MINUTE)
		.filter((t) => t + offsetMinutes(t, zone) * MINUTE === wall)
		.sort((a, b) => a - b);
	if (fits.length) return fits[0]!;
	// a gap: search the minute the offset changes between the two candidates
	let lo = wall - Math.max(before, after) * MINUTE;
	let hi = wall - Math.min(before, after) * MINUTE;
	while (hi - lo > MINUTE) {
		const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
		if (offsetMinutes(mid, zone) === before) lo = mid;
		else hi = mid;
	}
	return hi;
}

/** How much of the local day holding `ms` has passed in `zone`, 0 to 1 (a 23- or 25-hour day is a day). */
export function dayFraction(ms: number, zone: Zone): number {
	const date = dateInZone(ms, zone);
	const start = startOfDay(date, zone);
	const next = startOfDay(dateOfDay(dayOfDate(date) + 1), zone);
	return Math.min(1, Math.max(0, (ms - start) / (next - start)));
}

/** The instant local day `date` (YYYY-MM-DD) begins in `zone`. */
export function startOfDay(date: string, zone: Zone): number {
	return zonedTime(+date.slice(0, 4), +date.slice(5, 7), +date.slice(8, 10), 0, 0, zone);
}

/** The instant the local hour containing `ms` began in `zone`. */
export function startOfHour(ms: number, zone: Zone): number {
	const off = offsetMinutes(ms, zone) * MINUTE;
	const wall = ms + off;
	return wall - (((wall % 3_600_000) + 3_600_000) % 3_600_000) - off;
}

const shortNames = new Map<string, Intl.DateTimeFormat>();

/** "UTC", "UTC+5:30", "EST" / "EDT" — the label every time axis and timestamp carries. */
export function zoneLabel(zone: Zone, ms: number = Date.now()): string {
	if (zone === UTC) return 'UTC';
	if (FIXED.test(zone)) return offsetLabel(fixedMinutes(zone));
	let f = shortNames.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
		shortNames.set(zone, f);
	}
	const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? zone;
	// Intl names most zones "GMT+5:45"; say UTC like every other label here
	return /^GMT([+-]|$)/.test(name) ? offsetLabel(offsetMinutes(ms, zone)) : name;
}

/** "UTC", "UTC+5:30", "UTC-8" from minutes east of UTC. */
export function offsetLabel(minutes: number): string {
	if (minutes === 0) return 'UTC';
	const abs = Math.abs(minutes);
	const h = Math.floor(abs / 60);
	const m = abs % 60;
	return `UTC${minutes > 0 ? '+' : '-'}${h}${m ? `:${pad(m)}` : ''}`;
}

export type InstantStyle = 'datetime' | 'date' | 'time' | 'minute';

/**
 * Every timestamp on every page goes through here: `2026-11-30 14:05:09 EST` in `zone`.
 * `minute` drops the seconds, `time` the date, `date` the time.
 */
export function formatInstant(
	ms: number | null | undefined,
	zone: Zone,
	style: InstantStyle = 'datetime'
): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
	const t = localTime(ms, zone);
	const date = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
	const hm = `${pad(t.hour)}:${pad(t.minute)}`;
	const label = zoneLabel(zone, ms);
	switch (style) {
		case 'date':
			return date;
		case 'time':
			return `${hm}:${pad(t.second)} ${label}`;
		case 'minute':
			return `${date} ${hm} ${label}`;
		default:
			return `${date} ${hm}:${pad(t.second)} ${label}`;
	}
}

/** ISO-8601 with the zone's offset at that instant: 2026-11-27T14:00:00.000+01:00 (exports). */
export function isoInZone(ms: number, zone: Zone): string {
	const off = offsetMinutes(ms, zone);
	const abs = Math.abs(off);
	const local = new Date(ms + off * MINUTE).toISOString().slice(0, 23);
	return `${local}${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A zone-less timestamp as the published gateway writes it (`datetime.utcnow().isoformat()`,
 * "2026-11-30T10:05:00.123456") is UTC. Anything with a zone or offset keeps it; anything
 * else Date.parse can read. Never the host's TZ. NaN when it is not a timestamp.
 */
export function parseTimestamp(s: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/.exec(
		s.trim()
	);
	if (m) {
		const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
		const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms);
		const back = new Date(t);
		// 2026-02-30 is not a date
		return back.getUTCMonth() === +m[2]! - 1 && back.getUTCDate() === +m[3]! ? t : NaN;
	}
	// with a zone designator (Z, +01:00) Date.parse is exact and host-independent
	return /(?:Z|[+-]\d{2}:?\d{2})$/i.test(s.trim()) ? Date.parse(s) : NaN;
}

const STEPS = [
	1e3,
	5e3,
	10e3,
	15e3,
	30e3,
	60e3,
	5 * 60e3,
	10 * 60e3,
	15 * 60e3,
	30 * 60e3,
	3_600e3,
	3 * 3_600e3,
	6 * 3_600e3,
	12 * 3_600e3,
	DAY,
	2 * DAY,
	7 * DAY,
	14 * DAY,
	30 * DAY
];

/**
 * Tick positions for a time axis from `min` to `max` at round times of `zone`: whole
 * seconds, minutes, quarter hours, hours, local midnights — at most `maxTicks` of them.
 */
export function timeTicks(min: number, max: number, zone: Zone, maxTicks = 6): number[] {
	if (!(max > min)) return [];
	const step =
		STEPS.find((s) => (max - min) / s <= maxTicks) ?? Math.ceil((max - min) / maxTicks / DAY) * DAY;
	const out: number[] = [];
	if (step < DAY) {
		// round in local time: the offset may not be whole hours (+5:45)
		let wall = min + offsetMinutes(min, zone) * MINUTE;
		wall = Math.ceil(wall / step) * step;
		for (let i = 0; i < 1000; i++) {
			const t = wall - offsetMinutes(wall - offsetMinutes(min, zone) * MINUTE, zone) * MINUTE;
			if (t > max) break;
			if (t >= min && out.at(-1) !== t) out.push(t);
			wall += step;
		}
		return out;
	}
	// local midnights every `step` days
	const days = step / DAY;
	const first = localTime(min, zone);
	let t = startOfDay(dateInZone(min, zone), zone);
	if (t < min) t = zonedTime(first.year, first.month, first.day + 1, 0, 0, zone);
	for (let i = 0; i < 1000 && t <= max; i++) {
		out.push(t);
		const l = localTime(t + 12 * 3_600e3, zone);
		t = zonedTime(l.year, l.month, l.day + days, 0, 0, zone);
	}
	return out;
}

/** A tick label: the time of day, or the date when the axis spans days. */
export function formatTick(ms: number, zone: Zone, spanMs: number): string {
	const t = localTime(ms, zone);
	const hm = `${pad(t.hour)}:${pad(t.minute)}`;
	if (spanMs >= 2 * DAY) return `${pad(t.month)}-${pad(t.day)}`;
	if (spanMs >= 12 * 3_600e3)
		return t.hour === 0 && t.minute === 0 ? `${pad(t.month)}-${pad(t.day)}` : hm;
	return spanMs < 10 * 60e3 ? `${hm}:${pad(t.second)}` : hm;
}

/** Days since 1970-01-01 of a calendar date YYYY-MM-DD (a date, not an instant: no zone). */
export function dayOfDate(date: string): number {
	return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY;
}

/** The calendar date YYYY-MM-DD of a day number. */
export function dateOfDay(day: number): string {
	return new Date(day * DAY).toISOString().slice(0, 10);
}
