// Which Host headers this server answers: localhost and IP literals always, plus ALLOWED_HOSTS. A DNS-
// rebinding page (rebind.attacker.example resolving to 127.0.0.1) sends its own name as Host
// and its own origin: same-origin checks pass, this one does not. Checked before anything
// else, for pages, the API, static files and the Socket.IO handshake alike.
import { isIP } from 'node:net';

/** hostnames (any port) or host:port entries; '*' answers every Host (behind a proxy that checks it) */
export type AllowedHosts = readonly string[];

function split(host: string): { name: string; port: string | null } {
	const h = host.trim().toLowerCase();
	const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(h);
	if (v6) return { name: v6[1]!, port: v6[2] ?? null };
	const i = h.lastIndexOf(':');
	return i > 0 && /^\d+$/.test(h.slice(i + 1))
		? { name: h.slice(0, i), port: h.slice(i + 1) }
		: { name: h, port: null };
}

/**
 * Names that cannot be rebound: localhost, and any IP literal (rebinding needs a DNS name
 * the attacker controls; a browser that sends "Host: 192.0.2.7" was pointed at that address).
 */
function unbindableName(name: string): boolean {
	if (name === 'localhost' || name.endsWith('.localhost')) return true;
	return isIP(name) !== 0;
}

export function hostAllowed(host: string | undefined, allowed: AllowedHosts): boolean {
	if (allowed.includes('*')) return true;
	if (!host || host.length > 255) return false;
	const { name, port } = split(host);
	if (unbindableName(name)) return true;
	return allowed.some((a) => {
		const e = split(a);
		return e.name === name && (e.port === null || e.port === port);
	});
}

export const misdirected = (host: string | undefined) =>
	`this dashboard does not answer for host "${String(host ?? '').slice(0, 100)}"; add it to ALLOWED_HOSTS if it is yours`;

/** ALLOWED_HOSTS, plus the address the server listens on when it is a specific one. */
export function allowedHosts(config: { host: string; allowedHosts: string[] }): string[] {
	const wildcard = ['0.0.0.0', '::', '[::]', ''].includes(config.host.trim());
	return wildcard ? config.allowedHosts : [...config.allowedHosts, config.host.trim()];
}
