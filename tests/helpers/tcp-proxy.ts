// A TCP proxy whose "network" can be cut: every open connection is destroyed and new ones
// are refused until it is restored — what a browser sees when Wi-Fi drops.
import net from 'node:net';

export interface TcpProxy {
	port: number;
	/** new connections go to this port from now on (a load balancer switching nodes) */
	retarget(port: number): void;
	cut(): void;
	restore(): void;
	close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
	let up = true;
	let target = targetPort;
	const open = new Set<net.Socket>();
	const server = net.createServer((client) => {
		if (!up) return client.destroy();
		const upstream = net.connect(target, '127.0.0.1');
		open.add(client).add(upstream);
		const drop = () => {
			client.destroy();
			upstream.destroy();
			open.delete(client);
			open.delete(upstream);
		};
		client.on('error', drop).on('close', drop);
		upstream.on('error', drop).on('close', drop);
		client.pipe(upstream).pipe(client);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	return {
		port: (server.address() as net.AddressInfo).port,
		retarget(port) {
			target = port;
		},
		cut() {
			up = false;
			for (const s of open) s.destroy();
			open.clear();
		},
		restore() {
			up = true;
		},
		close: () =>
			new Promise<void>((r) => {
				for (const s of open) s.destroy();
				server.close(() => r());
			})
	};
}
