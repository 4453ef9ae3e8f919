/** Prometheus scrape endpoint (text exposition format). */
export async function GET({ locals }) {
	const { metrics } = locals.rt;
	return new Response(await metrics.render(), {
		headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' }
	});
}
