// The page's time range in its URL: `?range=24h` ends now; a zoom or a custom range adds
// `from`/`to` (ms) and keeps `range`, so "Reset zoom" returns to the range it came from.
// Every change is a navigation: shareable, and the back button walks back through zooms.
import { goto } from '$app/navigation';

export function rangeHref(
	url: URL,
	params: { range?: string | null; from?: number; to?: number }
): string {
	const u = new URL(url);
	if (params.range !== undefined) {
		u.searchParams.delete('range');
		if (params.range !== null && params.range !== 'live') u.searchParams.set('range', params.range);
	}
	u.searchParams.delete('from');
	u.searchParams.delete('to');
	if (params.from !== undefined && params.to !== undefined) {
		u.searchParams.set('from', String(params.from));
		u.searchParams.set('to', String(params.to));
	}
	return `${u.pathname}${u.search}${u.hash}`;
}

export function goRange(url: URL, params: Parameters<typeof rangeHref>[1]): void {
	// eslint-disable-next-line svelte/no-navigation-without-resolve -- the current page's own path (already resolved), with a new query
	void goto(rangeHref(url, params), { keepFocus: true, noScroll: true });
}
