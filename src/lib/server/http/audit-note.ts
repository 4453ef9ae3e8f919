// What an audited change did, in words the audit log shows: the item's name (not only its
// id) and, for an update, the fields that changed with their before and after. Routes put it
// on locals.audit; the guard (http/guard.ts) writes it into the entry. Bounded: at most
// MAX_FIELDS fields, each value cut to MAX_VALUE characters (the entry itself is redacted).
import type { Reply } from '../../shared/protocol/reply.ts';

const MAX_FIELDS = 8;
const MAX_VALUE = 60;

export interface AuditNote {
	/** "Tiny (4f1c…)": what the change was made to */
	target?: string;
	/** "threshold: 100 → 4; forSeconds: 60 → 0", "created", "deleted" */
	changes?: string;
}

type Item = Record<string, unknown>;

const show = (v: unknown): string => {
	const s = v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
	return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
};

/** "name (id)" of an item, or whichever of them it has. */
export function nameOf(item: unknown, id?: string): string | undefined {
	const it = (item ?? {}) as Item;
	const name = typeof it.name === 'string' ? it.name : undefined;
	const key = id ?? (typeof it.id === 'string' ? it.id : undefined);
	return name && key && name !== key ? `${name} (${key})` : (name ?? key);
}

/** The fields whose value differs, "field: before → after"; secrets only say they changed. */
export function diff(before: unknown, after: unknown, secret: string[] = []): string {
	const a = (before ?? {}) as Item;
	const b = (after ?? {}) as Item;
	const out: string[] = [];
	for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
		if (k === 'id' || k === 'warnings' || k === 'updatedAt' || k === 'createdAt') continue;
		if (JSON.stringify(a[k]) === JSON.stringify(b[k])) continue;
		out.push(secret.includes(k) ? `${k} changed` : `${k}: ${show(a[k])} → ${show(b[k])}`);
	}
	if (!out.length) return 'no field changed';
	const shown = out.slice(0, MAX_FIELDS).join('; ');
	return out.length > MAX_FIELDS ? `${shown}; and ${out.length - MAX_FIELDS} more` : shown;
}

/** Puts a note for the guard when the change went through. */
export function noteChange(
	locals: App.Locals,
	reply: Reply<unknown>,
	note: (data: unknown) => AuditNote
): void {
	if (reply.ok) locals.audit = note(reply.data);
}
