// Every HEARTBEAT_MS each browser gets this node's health (the connection badge and health
// strip); the same beat cuts sockets that stopped reading.
import type { Health } from '../../shared/protocol/health.ts';
import type { Logger } from '../platform/logging/log.ts';
import { dropSlowConsumers } from './slow-consumers.ts';
import type { HelixServer } from './types.ts';

export function heartbeat(
	io: HelixServer,
	health: () => Health,
	log: Logger,
	onDropped: () => void
): () => void {
	return () => {
		io.local.emit('heartbeat', health()); // this node's own health
		dropSlowConsumers(io, (id, packets, bytes) => {
			onDropped();
			log.warn(
				{ socket: id, packets, bytes },
				'socket not reading: disconnected (it resyncs when it reconnects)'
			);
		});
	};
}
