// Per-browser display preferences, persisted in localStorage: the theme (THEME is only the
// default). Charts read `prefs.theme` so their colours follow a switch without a reload.
import { zoneLabel } from '../../shared/time.ts';

type Theme = 'dark' | 'light';
const KEY = 'helix-dashboard:theme';
const TZ_KEY = 'helix-dashboard:tz';

class Prefs {
	theme = $state<Theme>('dark');
	/** this browser's time zone for axes and timestamps (hours east of UTC); null = TIMEZONE_OFFSET */
	tzOffset = $state<number | null>(null);
	#loaded = false;

	/** The offset to display with, given the server's default. */
	offset(serverDefault: number): number {
		return this.tzOffset ?? serverDefault;
	}

	zone(serverDefault: number): string {
		return zoneLabel(this.offset(serverDefault));
	}

	setTz(offset: number | null): void {
		this.tzOffset = offset;
		if (offset === null) localStorage.removeItem(TZ_KEY);
		else localStorage.setItem(TZ_KEY, String(offset));
	}

	/** The server's default, unless this browser chose otherwise. */
	init(serverDefault: Theme): void {
		if (this.#loaded) return;
		this.#loaded = true;
		const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
		this.theme = saved === 'dark' || saved === 'light' ? saved : serverDefault;
		const tz = typeof localStorage !== 'undefined' ? Number(localStorage.getItem(TZ_KEY) ?? 'NaN') : NaN;
		this.tzOffset = Number.isFinite(tz) && tz >= -12 && tz <= 14 ? tz : null;
	}

	toggle(): void {
		this.theme = this.theme === 'dark' ? 'light' : 'dark';
		localStorage.setItem(KEY, this.theme);
	}
}

export const prefs = new Prefs();
