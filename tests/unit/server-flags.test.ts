// The server's Node flags are written in three places (the tests' and bench's server process,
// `npm start`, the image): they must be the same, or what is measured is not what runs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../scripts/lib/server-process.ts';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('the server Node flags', () => {
	it('npm start runs the server with SERVER_NODE_FLAGS', () => {
		const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts
			.start;
		expect(start).toBe(['node', ...SERVER_NODE_FLAGS, 'build/server.js'].join(' '));
	});

	it('the image runs it with SERVER_NODE_FLAGS', () => {
		const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
		expect(JSON.parse(cmd ?? 'null')).toEqual(['node', ...SERVER_NODE_FLAGS, 'build/server.js']);
	});

	it('this Node accepts every flag', () => {
		// a flag a later Node drops makes `node` refuse to start (exit 9, "bad option"); CI runs
		// this on Node 20 and on Node 24
		const r = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '-e', '0'], { encoding: 'utf8' });
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
	});
});
