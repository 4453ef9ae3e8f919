// Account and display-token administration from a shell, against REDIS_URL:
//   npm run user -- add <name> --role viewer|operator|admin [--teams a,b]   (password asked, or read from stdin)
//   npm run user -- passwd <name>
//   npm run user -- role <name> <viewer|operator|admin>
//   npm run user -- teams <name> <a,b|all>
//   npm run user -- remove <name>
//   npm run user -- signout <name>
//   npm run user -- list
//   npm run user -- token add [--ack] <screen name> | token list | token revoke <id>
// Every change is written to the audit log as cli:<os user>, and ends the account's sessions
// where it changes what the account may do.
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { Accounts } from '../src/lib/server/auth/accounts.ts';
import { REVOKED_CHANNEL } from '../src/lib/server/auth/keys.ts';
import type { Reply } from '../src/lib/shared/protocol/reply.ts';
import { SYNC_CHANNEL } from '../src/lib/server/redis/sync-bus.ts';
import { AuditLog } from '../src/lib/server/auth/audit.ts';
import { ConfigError, loadConfig } from '../src/lib/server/platform/config.ts';
import { createLogging } from '../src/lib/server/platform/logging/log.ts';
import type { RedisClient } from '../src/lib/server/redis/client.ts';
import { connectOnce } from '../src/lib/server/redis/cluster-client.ts';

const USAGE = `usage: npm run user -- <command>
  add <name> --role viewer|operator|admin [--teams a,b]
  passwd <name>
  role <name> <viewer|operator|admin>
  teams <name> <a,b|all>
  remove <name>
  signout <name>
  list
  token add [--ack] <screen name>   (--ack: the wall may acknowledge alerts)
  token list
  token revoke <id>
The password is asked for on a terminal (not echoed) or read from the first line of stdin.`;

function die(msg: string, code = 2): never {
	console.error(msg);
	process.exit(code);
}

function flag(argv: string[], name: string): string | undefined {
	const i = argv.indexOf(`--${name}`);
	if (i === -1) return undefined;
	const v = argv[i + 1];
	if (v === undefined || v.startsWith('--')) die(`--${name} needs a value`);
	argv.splice(i, 2);
	return v;
}

/** A password from the terminal without echo, or the first line of piped stdin. */
async function readPassword(prompt: string): Promise<string> {
	const rl = createInterface({
		input: process.stdin,
		output: process.stdout,
		terminal: process.stdin.isTTY
	});
	if (!process.stdin.isTTY) {
		for await (const line of rl) {
			rl.close();
			return line;
		}
		die('no password on stdin');
	}
	const first = await ask(rl, prompt);
	const again = await ask(rl, 'again: ');
	rl.close();
	if (first !== again) die('the two passwords differ');
	return first;
}

function ask(rl: ReturnType<typeof createInterface>, prompt: string): Promise<string> {
	// readline echoes what is typed; write nothing while the password is entered
	const out = rl as unknown as { _writeToOutput: (s: string) => void };
	const orig = out._writeToOutput.bind(rl);
	return new Promise((resolve) => {
		process.stdout.write(prompt);
		out._writeToOutput = () => {};
		rl.question('', (answer) => {
			out._writeToOutput = orig;
			process.stdout.write('\n');
			resolve(answer);
		});
	});
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	if (!argv.length || argv[0] === '--help' || argv[0] === '-h') {
		console.log(USAGE);
		return;
	}
	let config;
	try {
		config = loadConfig({ LOG_FILE: 'false', LOG_LEVEL: 'silent' });
	} catch (err) {
		if (err instanceof ConfigError) die(err.message);
		throw err;
	}
	let client!: RedisClient;
	try {
		client = await connectOnce(config.redisUrl, config.redisCluster);
	} catch (err) {
		die(
			`cannot reach Redis at ${config.redisUrl.replace(/\/\/[^@]*@/, '//***@')}: ${(err as Error).message}`,
			1
		);
	}
	const accounts = new Accounts(() => client, Date.now);
	// the file logger of the server is not wanted here: entries go to the Redis stream
	const audit = new AuditLog(
		() => client,
		() => client.isOpen,
		createLogging({ ...config, logLevel: 'silent', logFile: false }).log,
		config.auth.auditMaxEntries
	);
	const actor = `cli:${userInfo().username}`;
	const record = (action: string, target: string, r: Reply<unknown>) =>
		audit.record({
			at: Date.now(),
			actor,
			role: 'admin',
			ip: 'local',
			action,
			target,
			result: r.ok ? 'ok' : 'failed',
			detail: r.ok ? '' : r.msg
		});
	const revoke = async (digests: string[]) => {
		if (digests.length) await client.publish(REVOKED_CHANNEL, JSON.stringify(digests));
		return digests.length;
	};
	const done = async (
		action: string,
		target: string,
		r: Reply<unknown>,
		ok: string,
		endSessionsOf?: string
	) => {
		record(action, target, r);
		await audit.flush();
		if (!r.ok) die(`error: ${r.msg}`, 1);
		// open Admin pages on every node reload their lists
		await client.publish(SYNC_CHANNEL, 'accounts').catch(() => {});
		const ended = endSessionsOf ? await revoke(await accounts.endUserSessions(endSessionsOf)) : 0;
		console.log(ok + (ended ? ` (${ended} session(s) ended)` : ''));
	};

	const [cmd, a1, a2] = argv;
	try {
		switch (cmd) {
			case 'add': {
				const role = flag(argv, 'role') ?? die('add needs --role viewer|operator|admin');
				const teams = flag(argv, 'teams');
				if (!argv[1]) die('add needs a name');
				const password = await readPassword(`password for ${argv[1]}: `);
				const r = await accounts.createUser({
					name: argv[1],
					role,
					password,
					teams: teams ? teams.split(',').map((t) => t.trim()) : null
				});
				await done('account.create', argv[1], r, `account ${argv[1]} (${role}) created`);
				break;
			}
			case 'passwd': {
				if (!a1) die('passwd needs a name');
				const password = await readPassword(`new password for ${a1}: `);
				await done(
					'account.update',
					a1,
					await accounts.updateUser(a1, { password }),
					`password of ${a1} changed`,
					a1
				);
				break;
			}
			case 'role':
				if (!a1 || !a2) die('role needs a name and a role');
				await done(
					'account.update',
					a1,
					await accounts.updateUser(a1, { role: a2 }),
					`${a1} is now ${a2}`,
					a1
				);
				break;
			case 'teams':
				if (!a1 || !a2) die('teams needs a name and a,b or all');
				await done(
					'account.update',
					a1,
					await accounts.updateUser(a1, {
						teams: a2 === 'all' ? null : a2.split(',').map((t) => t.trim())
					}),
					`teams of ${a1} set to ${a2}`,
					a1
				);
				break;
			case 'remove':
				if (!a1) die('remove needs a name');
				await done(
					'account.delete',
					a1,
					await accounts.deleteUser(a1),
					`account ${a1} removed`,
					a1
				);
				break;
			case 'signout':
				if (!a1) die('signout needs a name');
				await done(
					'account.sessions.revoke',
					a1,
					{ ok: true, data: null },
					`${a1} signed out everywhere`,
					a1
				);
				break;
			case 'list':
				for (const u of await accounts.listUsers())
					console.log(`${u.name}\t${u.role}\t${u.teams ? u.teams.join(',') : 'all teams'}`);
				break;
			case 'token':
				if (a1 === 'add') {
					const rest = argv.slice(2);
					const ack = rest.includes('--ack');
					const name = rest.filter((x) => x !== '--ack').join(' ');
					const r = await accounts.createToken(name, actor, ack);
					record('token.create', r.ok ? r.data.id : '', r);
					await audit.flush();
					if (!r.ok) die(`error: ${r.msg}`, 1);
					console.log(
						`display token for "${r.data.name}" (id ${r.data.id}); shown once, keep it:\n${r.data.token}\nopen on the wall: <dashboard url>/noc?token=${r.data.token}`
					);
				} else if (a1 === 'list') {
					for (const t of await accounts.listTokens())
						console.log(
							`${t.id}\t${t.name}\tby ${t.createdBy}\t${new Date(t.createdAt).toISOString()}${t.ack ? '\tmay acknowledge' : ''}`
						);
				} else if (a1 === 'revoke' && a2) {
					const r = await accounts.revokeToken(a2);
					record('token.revoke', a2, r);
					await audit.flush();
					if (!r.ok) die(`error: ${r.msg}`, 1);
					console.log(
						`token ${a2} revoked (${await revoke(r.data.sessions)} wall session(s) ended)`
					);
				} else die(USAGE);
				break;
			default:
				die(USAGE);
		}
	} finally {
		await client.close().catch(() => {});
	}
}

main().catch((err: unknown) => die(`error: ${(err as Error).message}`, 1));
