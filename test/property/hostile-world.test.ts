// Issue 11, the property at the boundary: whatever the server answers (meta content, bodies, headers, redirects)
// and whatever the environment and the files hold, no output holds a control character from outside, and every
// command the tool prints parses as shell. Thousands of random worlds, in-process, with the unit-test fakes.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {allChecks} from '../../source/checks/index.js';
import {diagnose} from '../../source/engine/diagnose.js';
import {createPaint} from '../../source/output/color.js';
import {renderJson} from '../../source/output/json.js';
import {renderMarkdownReport} from '../../source/output/markdown.js';
import {renderPlain} from '../../source/output/plain.js';
import {hasControlCharacters} from '../../source/output/terminal-text.js';
import type {HttpRequest, HttpResult} from '../../source/system/types.js';
import {response} from '../helpers/fake-http.js';
import {contextFor, fakeSystem, type FakeFile} from '../helpers/fake-system.js';
import {planFix} from '../../source/fixes/index.js';
import type {FixAction} from '../../source/engine/types.js';
import {nodeFileSystem} from '../../source/system/node-system.js';

const host = 'gitlab.example.com';
const module = `${host}/group/sub/project`;

/** Short strings made mostly of what breaks terminals and shells. */
const hostile = fc
	.array(
		fc.oneof(
			fc.constantFrom('\u001b]52;c;eA==\u0007', '\u001b[2J', '\u0007', '\u009b', '\u202e', '\u007f', '\r', '\n', "'", '"', '`', '$(id)', ';', '|', '&', '\\', ' ', '@', '/', ':', '<', '>', '#', '\t', '\u0000'),
			fc.constantFrom(host, 'group', 'sub', 'project', 'glpat-abcdefghij1234567890', 'https://', '.git', 'x'),
			fc.string({maxLength: 4}),
		),
		{maxLength: 10},
	)
	.map(parts => parts.join(''));

const repoUrl = fc.oneof(
	fc.constant(`https://${host}/group/sub/project.git`),
	hostile.map(text => `https://${text}/group/sub/project.git`),
	hostile.map(text => `https://${host}/${text}.git`),
	hostile,
);

const metaPrefix = fc.oneof(fc.constantFrom(module, `${host}/group/sub`, `${host}/group`), hostile);

const body = fc.oneof(
	fc.tuple(metaPrefix, fc.constantFrom('git', 'mod', 'hg', 'x'), repoUrl).map(([prefix, vcs, repo]) => `<html><head><meta name="go-import" content="${prefix} ${vcs} ${repo}"></head></html>`),
	hostile.map(text => `{"message":"${text}","id":1,"path_with_namespace":"${text}","scopes":["read_api"],"active":true}`),
	hostile,
);

const answer: fc.Arbitrary<HttpResult> = fc.oneof(
	{weight: 5, arbitrary: fc.record({
		status: fc.constantFrom(200, 200, 301, 401, 403, 404, 500),
		body,
		contentType: fc.oneof(fc.constantFrom('text/html', 'application/json', 'text/plain'), hostile),
		header: hostile,
		location: fc.option(repoUrl, {nil: undefined}),
	}).map(({status, body, contentType, header, location}): HttpResult => ({
		ok: true,
		response: {
			...response(status, body, {'content-type': contentType, 'x-gitlab-meta': header, 'www-authenticate': header}),
			...(location ? {redirects: [{from: `https://${host}/`, status: 302, to: location, credentialsSent: false}]} : {}),
		},
	}))},
	{weight: 1, arbitrary: fc.record({kind: fc.constantFrom('dns', 'refused', 'timeout', 'tls-unknown-authority', 'other' as const), message: hostile}).map(({kind, message}): HttpResult => ({ok: false, failure: {kind, message, via: {}}}))},
);

const world = fc.record({
	env: fc.record({
		GOPRIVATE: fc.oneof(fc.constant(host), fc.constant(''), hostile),
		GONOSUMDB: fc.oneof(fc.constant(''), hostile),
		GOFLAGS: fc.oneof(fc.constant(''), hostile),
		GOPROXY: fc.oneof(fc.constant('direct'), fc.constant(`https://${host}/api/v4/projects/1/packages/go,direct`), hostile),
		GIT_TERMINAL_PROMPT: fc.constant('0'),
	}),
	netrc: fc.oneof(
		fc.tuple(hostile, hostile, hostile).map(([machine, login, password]) => `machine ${machine} login ${login} password ${password}\n`),
		fc.tuple(hostile, hostile).map(([login, password]) => `machine ${host} login ${login} password ${password}\n`),
		hostile,
	),
	goEnvFile: hostile,
	answers: fc.array(answer, {minLength: 1, maxLength: 6}),
	gitSays: hostile,
	gitConfig: hostile,
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

async function runWorld(w: World, home = '/home/u') {
	let next = 0;
	const files: Record<string, FakeFile> = {[`${home}/.netrc`]: {text: w.netrc, mode: 0o644}, [`${home}/.config/go/env`]: w.goEnvFile};
	const system = fakeSystem({
		env: {HOME: home, ...w.env},
		files,
		commands: {
			'go version': {stdout: 'go version go1.22.3 linux/amd64\n'},
			git: (args: string[]) =>
				args[0] === 'version'
					? {stdout: 'git version 2.39.5\n'}
					: args[0] === 'config'
						? {stdout: w.gitConfig, code: w.gitConfig === '' ? 1 : 0}
						: {code: 128, stderr: `fatal: ${w.gitSays}`},
		},
		http: {
			async get(_request: HttpRequest) {
				const chosen = w.answers[next % w.answers.length]!;
				next++;
				return chosen;
			},
			async trustedRootSources() {
				return [];
			},
		},
	});
	const context = contextFor(system, {module, offline: false, timeoutMs: 1000});
	const {result} = await diagnose({checks: allChecks, host, context});
	return {result, redactor: context.secrets, system, files};
}

/** The files an action names (a chmod or a netrc edit); commands name theirs by key (go env, git config). */
function namedFile(action: FixAction): string | undefined {
	return action.kind === 'chmod' || action.kind === 'netrc-entry' ? action.path : undefined;
}

function decodedStrings(json: string): string[] {
	const found: string[] = [];
	JSON.parse(json, (key: string, value: unknown) => {
		found.push(key);
		if (typeof value === 'string') found.push(value);
		return value;
	});
	return found;
}

const facts = {tool: {name: 'gitlab-go-check', version: '0'}, os: {platform: 'linux'}, node: 'v20', goSettings: [], netrc: []};

const commands = new Set<string>();

test('random server answers, environment and files: no output holds a control character from outside', {timeout: 120_000}, async () => {
	await fc.assert(
		fc.asyncProperty(world, async w => {
			const {result, redactor} = await runWorld(w);
			const plain = renderPlain(result, redactor, {verbose: true, paint: createPaint(false)});
			assert.ok(!hasControlCharacters(plain), `plain text holds a control character:\n${JSON.stringify(plain)}`);
			const json = renderJson(result, redactor);
			assert.ok(!hasControlCharacters(json), 'JSON text holds a raw control character');
			for (const text of decodedStrings(json)) assert.ok(!hasControlCharacters(text), `a JSON string holds a control character: ${JSON.stringify(text)}`);
			const markdown = renderMarkdownReport(result, redactor, facts);
			assert.ok(!hasControlCharacters(markdown), 'the Markdown report holds a control character');
			for (const check of result.checks) for (const fix of check.fixes) for (const command of fix.commands) commands.add(command);
		}),
		// About 15 ms a world (twelve checks, three renderers): 500 keep `npm test` quick; PROPERTY_RUNS=5000 for a soak.
		{numRuns: Number(process.env['PROPERTY_RUNS'] ?? 500)},
	);
	assert.ok(commands.size > 0, 'the worlds produced commands to check');
});

/** Every file under `root` with its bytes and mode. */
function snapshot(root: string): Map<string, string> {
	const found = new Map<string, string>();
	for (const entry of readdirSync(root, {recursive: true, withFileTypes: true})) {
		if (!entry.isFile()) continue;
		const path = join(entry.parentPath ?? entry.path, entry.name);
		found.set(path, `${statSync(path).mode.toString(8)} ${readFileSync(path, 'base64')}`);
	}
	return found;
}

test('applying every safe fix of those worlds in a scratch HOME touches only the files it names (and their backups)', {timeout: 120_000}, async () => {
	let applied = 0;
	await fc.assert(
		fc.asyncProperty(world, async w => {
			const home = mkdtempSync(join(tmpdir(), 'ggc-property-'));
			try {
				mkdirSync(join(home, '.config', 'go'), {recursive: true});
				writeFileSync(join(home, '.netrc'), w.netrc, {mode: 0o644});
				writeFileSync(join(home, '.config', 'go', 'env'), w.goEnvFile);
				const {result, redactor, system} = await runWorld(w, home);
				// The fixes read and write the real scratch files; go and git stay fakes that record what they were asked.
				const real = {...system, fs: nodeFileSystem};
				for (const check of result.checks) {
					for (const fix of check.fixes.filter(item => item.safe && item.actions?.length)) {
						const named = fix.actions!.map(namedFile).filter((path): path is string => path !== undefined);
						assert.ok(named.every(path => path.startsWith(`${home}/`)), `${fix.title} names a file outside HOME: ${named.join(', ')}`);
						const before = snapshot(home);
						const calls = system.calls.length;
						const plan = await planFix(fix, {system: real, redactor, now: () => new Date(0)});
						if ('unavailable' in plan) continue;
						await plan.apply({secret: 'glpat-property0000000000', input: join(home, 'ca.pem')});
						applied++;
						const after = snapshot(home);
						for (const [path, content] of after) {
							if (before.get(path) === content) continue;
							assert.ok(named.some(file => path === file || path.startsWith(`${file}.bak-`)), `${fix.title}: changed ${path}, not a file it names (${named.join(', ')})`);
						}
						for (const path of before.keys()) assert.ok(after.has(path), `${fix.title}: removed ${path}`);
						// Commands it ran: go env and git config only, each on a key an action names.
						const keys = fix.actions!.flatMap(action => (action.kind === 'go-env' || action.kind === 'git-config' ? [action.key] : action.kind === 'git-ca' ? ['sslcainfo'] : []));
						for (const call of system.calls.slice(calls)) {
							if (/^(go (version|env( -json)?( [A-Z0-9_]+)*)|git (version|config (--global )?(--get|--get-all|--get-regexp|-l|--list|--show-origin|-z|--show-scope|--includes).*))$/.test(call)) continue;
							assert.ok(keys.some(key => call.toLowerCase().includes(key.toLowerCase())), `${fix.title}: ran ${JSON.stringify(call)}, which changes no key it names (${keys.join(', ')})`);
						}
					}
				}
			} finally {
				rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
			}
		}),
		{numRuns: Number(process.env['PROPERTY_RUNS'] ?? 500) / 5},
	);
	assert.ok(applied > 0, 'some worlds offered a safe fix to apply');
});

/** The commands that `bash -n` rejects: each distinct command parsed alone, all from one bash process. */
function unparsable(list: string[]): string[] {
	const script = 'i=0; while IFS= read -r -d "" cmd; do bash -n -c "$cmd" 2>/dev/null || printf "%s\\n" "$i"; i=$((i+1)); done';
	const parsed = spawnSync('bash', ['-c', script], {input: list.map(command => `${command}\0`).join(''), encoding: 'utf8', timeout: 60_000});
	assert.equal(parsed.status, 0, parsed.stderr);
	return parsed.stdout.split('\n').filter(Boolean).map(index => list[Number(index)]!);
}

test('bash -n itself: a quoted command parses, a broken one is caught (so the next test can fail)', () => {
	assert.deepEqual(unparsable([`export GOFLAGS='a b'`, String.raw`export GOFLAGS='it'\''s'`, `export GOFLAGS='x'y'`]), [`export GOFLAGS='x'y'`]);
});

// Every value that enters a command is quoted or refused by the one command builder (source/fixes/command.ts).
test('every command printed in those worlds parses as shell (bash -n)', () => {
	const bad = unparsable([...commands]);
	assert.deepEqual(bad, [], `commands that do not parse as shell:\n${bad.map(command => JSON.stringify(command)).join('\n')}`);
});
