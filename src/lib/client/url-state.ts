// A page's view state in its query string (issue 18): the range in days, the group, a filter,
// a table's sort. Reading is page.url (reactive); every change is a navigation, so a link
// reproduces the view and the back button walks back through the changes. A value equal to
// the page's default is left out of the URL (a plain /cost stays /cost).
import { goto } from '$app/navigation';
import { page } from '$app/state';
import { RANGES, type RangeDays } from '$lib/shared/protocol/state/cost';

export function queryHref(url: URL, changes: Record<string, string | null>): string {
	const u = new URL(url);
	for (const [k, v] of Object.entries(changes)) {
		if (v === null || v === '') u.searchParams.delete(k);
		else u.searchParams.set(k, v);
	}
	return `${u.pathname}${u.search}${u.hash}`;
}

/**
 * Sets (or, with null or '', removes) query parameters: one navigation, one history entry
 * (`replace`: the entry is replaced — typing in a filter box is one step back, not one per key).
 */
export function setQuery(changes: Record<string, string | null>, replace = false): void {
	const href = queryHref(page.url, changes);
	if (href === `${page.url.pathname}${page.url.search}${page.url.hash}`) return;
	// eslint-disable-next-line svelte/no-navigation-without-resolve -- the current page's own path (already resolved), with a new query
	void goto(href, { keepFocus: true, noScroll: true, replaceState: replace });
}

export const queryParam = (name: string): string => page.url.searchParams.get(name) ?? '';

/** `?days=7|30|90`; anything else is the default */
export function queryDays(fallback: RangeDays = 30): RangeDays {
	const d = Number(page.url.searchParams.get('days'));
	return (RANGES as readonly number[]).includes(d) ? (d as RangeDays) : fallback;
}

export const setDays = (d: RangeDays, fallback: RangeDays = 30) =>
	setQuery({ days: d === fallback ? null : String(d) });
