// Per-browser display preferences, persisted in localStorage: the theme (THEME is only the
// default) and the time zone timestamps and axes are shown in (the server's zone is only the
// default; the choice changes display, never which date the gateway's spend belongs to).
// Components read the getters; only the methods write.
import { fixedZone, isZone, type Zone } from '../../shared/time.ts';

type Theme = 'dark' | 'light';
const KEY = 'helix-dashboard:theme';
const TZ_KEY = 'helix-dashboard:tz';

class Prefs {
	#theme = $state<Theme>('dark');
	/** this browser's choice; null = the server's zone */
	#zone = $state<Zone | null>(null);
	#server = $state<Zone>('UTC');
	#loaded = false;

	get theme(): Theme {
		return this.#theme;
	}

	/** the zone every timestamp and axis on this browser follows */
	get zone(): Zone {
		return this.#zone ?? this.#server;
	}

	/** the choice made here (null: following the server) */
	get chosenZone(): Zone | null {
		return this.#zone;
	}

	get serverZone(): Zone {
		return this.#server;
	}

	setZone(zone: Zone | null): void {
		this.#zone = zone !== null && isZone(zone) ? zone : null;
		if (this.#zone === null) localStorage.removeItem(TZ_KEY);
		else localStorage.setItem(TZ_KEY, this.#zone);
	}

	/**
	 * The server's zone, before anything renders (on the server too: it is one value for the
	 * whole process, so sharing it between requests leaks nothing).
	 */
	useServerZone(zone: Zone): void {
		this.#server = zone;
	}

	/** This browser's saved choices (localStorage), over the server's defaults. */
	init(serverTheme: Theme): void {
		if (this.#loaded) return;
		this.#loaded = true;
		const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
		this.#theme = saved === 'dark' || saved === 'light' ? saved : serverTheme;
		const tz = typeof localStorage !== 'undefined' ? localStorage.getItem(TZ_KEY) : null;
		// a choice saved by an older version is hours east of UTC
		const asZone = tz !== null && /^-?\d+(\.\d+)?$/.test(tz) ? fixedZone(Number(tz)) : tz;
		this.#zone = asZone !== null && isZone(asZone) ? asZone : null;
	}

	toggle(): void {
		this.#theme = this.#theme === 'dark' ? 'light' : 'dark';
		localStorage.setItem(KEY, this.#theme);
	}
}

export const prefs = new Prefs();
