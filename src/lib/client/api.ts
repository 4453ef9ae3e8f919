// JSON calls to the dashboard's own API, with the server's error sentence on failure.
export async function api<T>(method: string, url: string, body?: unknown): Promise<{ ok: true; data: T } | { ok: false; msg: string }> {
	try {
		const res = await fetch(url, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const data = await res.json().catch(() => null);
		if (res.ok) return { ok: true, data: data as T };
		return { ok: false, msg: (data as { error?: string } | null)?.error ?? `request failed (${res.status})` };
	} catch {
		return { ok: false, msg: 'could not reach the server' };
	}
}
