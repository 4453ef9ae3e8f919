// Every HEARTBEAT_MS each browser gets this node's health (the connection badge and health
// strip); the same beat cuts sockets that stopped reading.
import type { Health } from '../../shared/protocol/health.ts';
import type { Logger } from '../platform/logging/log.ts';
import { dropSlowConsumers } from './slow-consumers.ts';
import { FanOut } from './fan-out.ts';
import type { HelixServer } from './types.ts';

export function heartbeat(
	io: HelixServer,
	health: () => Health,
	log: Logger,
	onDropped: () => void
): () => void {
	// 10,000 sockets: in chunks, not one synchronous loop over all of them
	const fan = new FanOut(io);
	return () => {
		fan.beat(health()); // this node's own health
		dropSlowConsumers(io, (id, packets, bytes) => {
			onDropped();
			log.warn(
				{ socket: id, packets, bytes },
				'socket not reading: disconnected (it resyncs when it reconnects)'
			);
		});
	};
}
