// What this node suffered, noted as chart annotations: its start, each Redis outage (noted
// when Redis is back, with its length), and keyspace notifications that a reconcile had to
// correct (lost on the way). Each node notes its own; the reader merges duplicates.
import type { Clock } from '../../shared/time.ts';
import type { Collector } from '../pipeline/collector.ts';
import type { Link } from '../redis/link.ts';
import type { Annotations } from './annotations.ts';

/** how often lost-notification corrections are summed into one marker */
const CORRECTIONS_MS = 10_000;

export function noteNodeEvents(
	link: Link,
	collector: Collector,
	annotations: Annotations,
	clock: Clock
): () => void {
	const startedAt = clock.now();
	let started = false;
	let downAt: number | null = null;
	const onReady = () => {
		const now = clock.now();
		if (!started) {
			started = true;
			void annotations.note({
				at: startedAt,
				kind: 'restart',
				text: `dashboard node started (pid ${process.pid})`
			});
		}
		if (downAt !== null) {
			const s = Math.round((now - downAt) / 1000);
			void annotations.note({
				at: downAt,
				until: now,
				kind: 'outage',
				text: `Redis unreachable or not answering for ${s} s`
			});
			downAt = null;
		}
	};
	const onDown = () => {
		if (started) downAt ??= clock.now();
	};
	link.on('ready', onReady);
	link.on('down', onDown);
	let corrections = collector.stats.reconcileCorrections;
	const timer = setInterval(() => {
		const n = collector.stats.reconcileCorrections - corrections;
		corrections = collector.stats.reconcileCorrections;
		if (n > 0)
			void annotations.note({
				at: clock.now(),
				kind: 'notifications',
				text: `${n} keyspace notification(s) lost and corrected by a reconcile`
			});
	}, CORRECTIONS_MS);
	timer.unref?.();
	return () => {
		clearInterval(timer);
		link.off('ready', onReady);
		link.off('down', onDown);
	};
}
