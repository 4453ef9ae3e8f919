// Real local receivers for alert channels: an HTTP server on loopback and an SMTP server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface HttpReceiver {
	url: string;
	requests: { path: string; headers: http.IncomingHttpHeaders; body: string }[];
	/** answer the next N requests with this status (then 200) */
	failNext(n: number, status?: number): void;
	close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
	const requests: HttpReceiver['requests'] = [];
	let failures = 0;
	let failStatus = 500;
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString()));
		req.on('end', () => {
			requests.push({ path: req.url ?? '', headers: req.headers, body });
			if (failures > 0) {
				failures--;
				res.writeHead(failStatus).end('nope');
			} else res.writeHead(200).end('ok');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		failNext(n, status = 500) {
			failures = n;
			failStatus = status;
		},
		close: () => new Promise((r) => server.close(() => r()))
	};
}

export interface SmtpReceiver {
	url: string;
	messages: { from: string; to: string[]; raw: string }[];
	close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
	const messages: SmtpReceiver['messages'] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, session, done) {
			let raw = '';
			stream.on('data', (c: Buffer) => (raw += c.toString()));
			stream.on('end', () => {
				messages.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw
				});
				done();
			});
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const port = (server.server.address() as AddressInfo).port;
	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		close: () => new Promise((r) => server.close(() => r()))
	};
}
