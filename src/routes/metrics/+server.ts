import { getRealtime } from '$lib/server/registry';

/** Prometheus scrape endpoint (text exposition format). */
export async function GET() {
	const rt = getRealtime();
	if (!rt) return new Response('realtime module not attached\n', { status: 503 });
	return new Response(await rt.metrics.render(), {
		headers: { 'content-type': rt.metrics.contentType, 'cache-control': 'no-store' }
	});
}
