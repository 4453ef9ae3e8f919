// Per-browser display preferences, persisted in localStorage: the theme (THEME is only the
// default). Charts read `prefs.theme` so their colours follow a switch without a reload.
type Theme = 'dark' | 'light';
const KEY = 'helix-dashboard:theme';

class Prefs {
	theme = $state<Theme>('dark');
	#loaded = false;

	/** The server's default, unless this browser chose otherwise. */
	init(serverDefault: Theme): void {
		if (this.#loaded) return;
		this.#loaded = true;
		const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
		this.theme = saved === 'dark' || saved === 'light' ? saved : serverDefault;
	}

	toggle(): void {
		this.theme = this.theme === 'dark' ? 'light' : 'dark';
		localStorage.setItem(KEY, this.theme);
	}
}

export const prefs = new Prefs();
