// A browser's single sign-on, over real HTTP, for the integration tests: the dashboard's
// start → the provider's development login page (the form a person fills, posted as such) →
// its consent page → the dashboard's callback. Cookies are kept per host as a browser would
// (so a second sign-in of the same browser skips the provider's login). Every redirect is
// followed by hand, so a test can change the authorization request or the callback on its way.

export class CookieJar {
	#byHost = new Map<string, Map<string, string>>();

	header(url: URL): string {
		return [...(this.#byHost.get(url.host) ?? new Map())].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	take(url: URL, res: Response): void {
		const jar = this.#byHost.get(url.host) ?? new Map<string, string>();
		this.#byHost.set(url.host, jar);
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const i = pair!.indexOf('=');
			const name = pair!.slice(0, i).trim();
			const value = pair!.slice(i + 1).trim();
			// Max-Age=0 / an expiry in the past (a deleted cookie)
			if (!value || /max-age=0\b|expires=thu, 01 jan 1970/i.test(c)) jar.delete(name);
			else jar.set(name, value);
		}
	}

	get(host: string, name: string): string | undefined {
		return this.#byHost.get(host)?.get(name);
	}
}

async function go(jar: CookieJar, url: URL, init: RequestInit = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	const cookie = jar.header(url);
	if (cookie) headers.set('cookie', cookie);
	const res = await fetch(url, { ...init, headers, redirect: 'manual' });
	jar.take(url, res);
	return res;
}

export interface SsoResult {
	/** where the dashboard's callback sent the browser (the `next` path, or /login?sso=…) */
	location: string;
	/** the session cookie (`helix_session=…`) when one was set */
	cookie: string | null;
	/** the callback URL the provider sent the browser to */
	callback: URL | null;
}

export interface SsoOptions {
	next?: string;
	/** change the authorization request on its way to the provider */
	authorize?: (u: URL) => URL;
	/** change the provider's answer on its way back (null: do not call the callback) */
	callback?: (u: URL) => URL | null;
	/** the browser's cookies (default: a fresh browser) */
	jar?: CookieJar;
}

/** Signs `login` in through the provider's own pages, as a browser would. */
export async function ssoSignIn(
	baseUrl: string,
	login: string,
	o: SsoOptions = {}
): Promise<SsoResult> {
	const jar = o.jar ?? new CookieJar();
	const dashboard = new URL(baseUrl);
	const start = new URL(`/api/auth/sso/start?next=${encodeURIComponent(o.next ?? '/')}`, dashboard);
	const first = await go(jar, start);
	let url = new URL(first.headers.get('location') ?? '/', dashboard);
	if (url.host === dashboard.host)
		return { location: url.pathname + url.search, cookie: null, callback: null };
	url = o.authorize?.(url) ?? url;
	for (let hops = 0; hops < 20; hops++) {
		if (url.host === dashboard.host) break;
		let res = await go(jar, url);
		if (res.status === 200 && url.pathname.startsWith('/interaction/')) {
			const html = await res.text();
			const action = new URL(/action="([^"]+)"/.exec(html)![1]!, url);
			const form: Record<string, string> = html.includes('name="login"')
				? { prompt: 'login', login, password: 'any password' }
				: { prompt: 'consent' };
			res = await go(jar, action, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams(form).toString()
			});
		}
		const loc = res.headers.get('location');
		if (!loc)
			throw new Error(
				`the provider answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 300)}`
			);
		url = new URL(loc, url);
	}
	const callback = url;
	const cb = o.callback ? o.callback(new URL(callback)) : callback;
	if (!cb) return { location: '', cookie: null, callback };
	const res = await go(jar, cb);
	const session = jar.get(dashboard.host, 'helix_session');
	return {
		location: res.headers.get('location') ?? `(${res.status})`,
		cookie: session ? `helix_session=${session}` : null,
		callback
	};
}
