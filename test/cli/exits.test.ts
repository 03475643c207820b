// Issue 11: every run ends, and ends cleanly: a silent proxy, a closed pipe, a full disk, Ctrl-C, odd options,
// a go that hangs on its env file, an unusable TMPDIR, a very long module path.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {openSync, closeSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import {allChecks} from '../../source/checks/index.js';
import {diagnose} from '../../source/engine/diagnose.js';
import {RunDeadlineReached} from '../../source/engine/run-deadline.js';
import {runGraph} from '../../source/engine/scheduler.js';
import type {Check} from '../../source/engine/types.js';
import {plain} from '../helpers/fake-http.js';
import {contextFor, fakeSystem} from '../helpers/fake-system.js';
import {cliPath, emptyHome, runCli} from '../helpers/run-cli.js';

/** A loopback server that accepts every connection and never says a word. */
async function silentServer(): Promise<{port: number; close: () => Promise<void>}> {
	const sockets = new Set<Socket>();
	const server: Server = createServer(socket => {
		sockets.add(socket);
		socket.on('error', () => {});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as {port: number}).port;
	return {
		port,
		close: () =>
			new Promise<void>(resolve => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

const noStackTrace = (stderr: string) => assert.doesNotMatch(stderr, /\n\s+at |node:internal|Unhandled 'error'/, stderr);

test('behind a proxy that never answers CONNECT, --json --timeout 1 prints its result and exits', {timeout: 30_000}, async () => {
	const proxy = await silentServer();
	const {env, cleanup} = emptyHome({HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`});
	try {
		const started = Date.now();
		const run = await runCli(['gitlab.example.com/group/project', '--json', '--timeout', '1'], {env, timeoutMs: 20_000});
		const elapsed = Date.now() - started;
		assert.ok(run.code === 1, `exit ${run.code}: ${run.stderr}`);
		const document = JSON.parse(run.stdout) as {checks: Array<{id: string; status: string}>};
		assert.equal(document.checks.find(check => check.id === 'https')?.status, 'fail');
		assert.ok(elapsed < 15_000, `took ${elapsed} ms`);
	} finally {
		cleanup();
		await proxy.close();
	}
});

test('the run\'s deadline stops a step that never ends: it fails as unfinished, the steps not started say why', async () => {
	const never: Check = {id: 'https', title: 'HTTPS', needs: [], local: true, timeLimitMs: () => 60_000, run: () => new Promise(() => {})};
	const after: Check = {id: 'token', title: 'Token', needs: [], after: ['https'], local: true, run: async () => ({status: 'pass', summary: 'ran'})};
	const controller = new AbortController();
	setTimeout(() => controller.abort(new RunDeadlineReached(50)), 50);
	const finished = await runGraph({checks: [never, after], context: contextFor(fakeSystem()), signal: controller.signal});
	assert.equal(finished.get('https')!.result.status, 'fail');
	assert.match(finished.get('https')!.result.summary, /did not finish: the run's deadline/);
	assert.match(finished.get('token')!.result.summary, /not started: the run's deadline/);
});

test('a closed pipe (| true) and a full disk (> /dev/full) end without a stack trace', {skip: process.platform === 'win32'}, () => {
	const {env, cleanup} = emptyHome();
	try {
		const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" gitlab.example.com/group/project --offline 2>err.txt | true; echo "$?:\${PIPESTATUS[0]}"; cat err.txt`], {env, cwd: env['HOME'], encoding: 'utf8', timeout: 20_000});
		noStackTrace(piped.stdout);
		const full = openSync('/dev/full', 'w');
		try {
			const run = spawnSync(process.execPath, [cliPath, 'gitlab.example.com/group/project', '--offline'], {env, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 20_000});
			noStackTrace(run.stderr);
			assert.equal(run.status, 2);
			assert.match(run.stderr, /cannot write the output: no space left on the device/);
		} finally {
			closeSync(full);
		}
	} finally {
		cleanup();
	}
});

test('after Ctrl-C the last line is no verdict, and the exit status is 130', {timeout: 30_000, skip: process.platform === 'win32'}, async () => {
	const proxy = await silentServer();
	const {env, cleanup} = emptyHome({HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`});
	try {
		const child = spawn(process.execPath, [cliPath, 'gitlab.example.com/group/project', '--timeout', '8'], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		setTimeout(() => child.kill('SIGINT'), 1500);
		const code = await new Promise<number | null>(resolve => child.on('close', resolve));
		assert.equal(code, 130);
		const last = stdout.trim().split('\n').at(-1) ?? '';
		assert.doesNotMatch(last, /No problems found/);
		assert.match(last, /^Interrupted/);
	} finally {
		cleanup();
		await proxy.close();
	}
});

test('--timeout: -1, 0 and 0.0001 are all refused with the same plain range message; 0.1 is the least', async () => {
	const {env, cleanup} = emptyHome();
	try {
		for (const value of ['-1', '0', '0.0001', 'abc', '']) {
			const run = await runCli(['gitlab.example.com/group/project', '--offline', '--timeout', value], {env, timeoutMs: 20_000});
			assert.equal(run.code, 2, value);
			assert.match(run.stderr, /--timeout takes a number of seconds from 0\.1 to 600, not "/, value);
		}
		const least = await runCli(['gitlab.example.com/group/project', '--offline', '--timeout', '0.1'], {env, timeoutMs: 20_000});
		assert.notEqual(least.code, 2, least.stderr);
	} finally {
		cleanup();
	}
});

const goOnPath = spawnSync('go', ['version']).status === 0;

test('GOENV=/dev/zero: go hangs on it, and is not reported as not installed', {skip: !goOnPath && 'go is not installed', timeout: 30_000}, async () => {
	const {env, cleanup} = emptyHome({GOENV: '/dev/zero'});
	try {
		const run = await runCli(['gitlab.example.com/group/project', '--offline', '--json', '--timeout', '1'], {env, timeoutMs: 20_000});
		const goEnv = JSON.stringify((JSON.parse(run.stdout) as {checks: Array<{id: string}>}).checks.find(check => check.id === 'go-env'));
		assert.doesNotMatch(goEnv, /not installed/);
		assert.match(goEnv, /did not finish/);
		assert.match(goEnv, /not a regular file/);
	} finally {
		cleanup();
	}
});

test('an unusable TMPDIR is no internal error', {timeout: 30_000}, async () => {
	const {env, cleanup} = emptyHome({TMPDIR: '/nonexistent/tmp'});
	try {
		const run = await runCli(['gitlab.example.com/group/project', '--json', '--timeout', '0.5'], {env, timeoutMs: 25_000});
		assert.doesNotMatch(run.stdout, /internal error/);
	} finally {
		cleanup();
	}
});

test('a 500-element module path asks GitLab about at most the prefixes that can be a project', async () => {
	const module = `gitlab.example.com/${Array.from({length: 500}, (_, index) => `e${index}`).join('/')}`;
	let requests = 0;
	const system = fakeSystem({
		env: {HOME: '/home/u', GOPRIVATE: 'gitlab.example.com', GOPROXY: 'https://gitlab.example.com/api/v4/projects/1/packages/go,direct'},
		http: {
			async get() {
				requests++;
				return plain(404, 'not found');
			},
			async trustedRootSources() {
				return [];
			},
		},
	});
	const {result} = await diagnose({checks: allChecks, host: 'gitlab.example.com', context: contextFor(system, {module, offline: false})});
	assert.ok(requests <= 100, `${requests} requests`);
	const modulePath = result.checks.find(check => check.id === 'module-path')!;
	assert.match(modulePath.details.join('\n'), /Go asks about all 501 prefixes; this tool asks GitLab only about the 23 that can be a project/);
	assert.ok(JSON.stringify(modulePath).length < 20_000, 'the evidence lists no 500 long paths either');
});
