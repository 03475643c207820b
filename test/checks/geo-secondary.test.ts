// geo-secondary with fake git, ssh, HTTP and files. References: docs/gitlab.md §3 (Geo), docs/gitlab.md §7.4, docs/git.md §2 (credentials), docs/git.md §4 (SSH), docs/git.md §5 (ls-remote).
import type {GeoSecondaryData, GitAuthData, GitRouteData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {geoSecondaryCheck, secondaryTarget} from '../../source/checks/geo-secondary.js';
import {geoRouteOf, parseCurlTrace} from '../../source/checks/geo-secondary-trace.js';
import type {ExecOptions, ExecResult, Http, HttpResult} from '../../source/system/types.js';
import {resolveTarget} from '../../source/engine/target.js';
import {fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';

const primary = 'gitlab.example.com';
const geo = 'geo.example.com';
const token = 'glpat-geoUnitTest00000001';
const otherToken = 'glpat-geoUnitTest00000002';
const job = 'glcbt-geoUnitJobToken0003';
const original = `https://${primary}/group/project.git`;
const traceFile = '/tmp/gitlab-go-check-git-fake/gitlab-go-check-curl-trace';
const oid = 'a'.repeat(40);
const refs = `${oid}\tHEAD\n${oid}\trefs/heads/main\n${oid}\trefs/tags/v1.0.0\n`;

function route(overrides: Partial<GitRouteData> = {}): GitRouteData {
	return {
		originalUrl: original,
		urlSource: 'go-import',
		url: `https://${geo}/group/project.git`,
		kind: 'https',
		host: geo,
		embeddedCredential: false,
		differentHost: true,
		moduleHost: primary,
		rule: {base: `https://${geo}/`, insteadOf: `https://${primary}/`, scope: 'global', origin: 'file:/home/u/.gitconfig', file: '/home/u/.gitconfig', line: 3},
		...overrides,
	};
}

/** A trace line as git 2.39 writes it (http.c curl_trace). */
const send = (text: string) => `00:00:00.000000 http.c:684              => Send header: ${text}`;
const recv = (text: string) => `00:00:00.000000 http.c:684              <= Recv header: ${text}`;
function exchange(method: string, host: string, path: string, status: number, options: {auth?: boolean; location?: string} = {}): string[] {
	return [
		send(`${method} ${path} HTTP/1.1`),
		send(`Host: ${host}`),
		...(options.auth ? [send('Authorization: Basic <redacted>')] : []),
		send(''),
		recv(`HTTP/1.1 ${status} X`),
		...(options.location ? [recv(`Location: ${options.location}`)] : []),
		recv(''),
	];
}
const refsPath = '/group/project.git/info/refs?service=git-upload-pack';

type Setup = {
	netrc?: string;
	lsRemote?: Partial<ExecResult>;
	trace?: string[];
	http?: HttpResult | 'throw';
	ssh?: Partial<ExecResult>;
	env?: Record<string, string>;
};

function system(setup: Setup) {
	const calls: Array<{command: string; args: string[]; options: ExecOptions}> = [];
	const files: Record<string, string> = {};
	if (setup.netrc !== undefined) files['/home/u/.netrc'] = setup.netrc;
	if (setup.trace) files[traceFile] = setup.trace.join('\n');
	const http: Http = {
		async get(request) {
			calls.push({command: 'http', args: [request.url], options: {timeoutMs: request.timeoutMs}});
			if (setup.http === 'throw') throw new Error('no network');
			return setup.http ?? {ok: true, response: {status: 401, statusText: 'Unauthorized', headers: {'content-type': 'application/json'}, body: '{"message":"401 Unauthorized"}', truncated: false, url: request.url, redirects: [], timings: {totalMs: 5}, via: {}}};
		},
		trustedRootSources: async () => [],
	};
	const fake = fakeSystem({env: setup.env ?? {HOME: '/home/u'}, files, http});
	fake.exec = {
		async run(command, args, options) {
			calls.push({command, args, options});
			const result = (partial: Partial<ExecResult> = {}): ExecResult => ({code: 0, stdout: '', stderr: '', timedOut: false, ...partial});
			if (command === 'curl') return result({stdout: 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1'});
			if (command === 'ssh') return result(setup.ssh ?? {code: 255, stderr: 'git@geo.example.com: Permission denied (publickey).'});
			if (command !== 'git') return {code: undefined, stdout: '', stderr: '', timedOut: false, startError: 'ENOENT'};
			if (args[0] === 'init' || args[0] === 'remote') return result();
			if (args[0] === 'ls-remote') return result(setup.lsRemote ?? {stdout: refs});
			return result({code: 1});
		},
	};
	return {fake, calls};
}

const bothHosts = `machine ${primary} login alice password ${token}\nmachine ${geo} login alice password ${token}\n`;

async function judge(setup: Setup, data: {route?: GitRouteData; auth?: GitAuthData; tokenKind?: string} = {}, flag?: string) {
	const {fake, calls} = system(setup);
	const upstream = upstreamOf({'git-route': data.route ?? route(), ...(data.auth ? {'git-auth': data.auth} : {}), ...(data.tokenKind ? {token: {kind: data.tokenKind}} : {})});
	const {outcome, redactor} = await runCheck(geoSecondaryCheck, fake, upstream, {offline: false, timeoutMs: 7000, module: `${primary}/group/project`, ...(flag ? {geoSecondary: flag} : {})});
	return {outcome, calls, redactor, text: [outcome.summary, ...(outcome.details ?? [])].join('\n'), data: outcome.data as GeoSecondaryData | undefined};
}

function assertNoSecret(outcome: unknown): void {
	const json = JSON.stringify(outcome);
	for (const secret of [token, otherToken, job]) assert.ok(!json.includes(secret), `the outcome holds ${secret}`);
}

// --- When it runs (the issue: insteadOf to another host, or --geo-secondary) ---

test('git goes to the module host and no --geo-secondary: skip, saying how to ask for a check', async () => {
	const {outcome, calls} = await judge({}, {route: route({url: original, host: primary, differentHost: false})});
	assert.equal(outcome.status, 'skip');
	assert.match(outcome.summary, /no insteadOf rule sends it to a Geo secondary \(give --geo-secondary HOST/);
	assert.equal(calls.length, 0);
});

test('secondaryTarget: a routed https URL, an SSH alias, a local path', () => {
	const https = secondaryTarget(route(), undefined);
	assert.ok(!('skip' in https));
	assert.equal(https.transport, 'https');
	assert.equal(https.origin, original, "origin stays Go's URL: git applies insteadOf itself");
	const ssh = secondaryTarget(route({url: `git@${geo}:group/project.git`, kind: 'scp', user: 'git'}), undefined);
	assert.ok(!('skip' in ssh) && ssh.transport === 'ssh');
	assert.ok('skip' in secondaryTarget(route({kind: 'git', url: `git://${geo}/group/project.git`}), undefined));
	const flagged = secondaryTarget(route({url: original, host: primary, differentHost: false}), 'geo.example.com:8443');
	assert.ok(!('skip' in flagged));
	assert.equal(flagged.url, 'https://geo.example.com:8443/group/project.git');
	assert.equal(flagged.origin, flagged.url);
	assert.equal(flagged.port, 8443);
	assert.equal(flagged.routed, false);
});

// --- HTTPS: healthy, and how it is asked ---

test('healthy secondary: pass; discovery stays on the primary, ls-remote run as Go runs it, with a curl trace', async () => {
	const {outcome, calls, text, data} = await judge({netrc: bothHosts, trace: [...exchange('GET', geo, refsPath, 401), ...exchange('GET', geo, refsPath, 200, {auth: true})]});
	assert.equal(outcome.status, 'pass', text);
	assert.match(outcome.summary, /git reaches the Geo secondary geo\.example\.com over HTTPS with alice's token from \.netrc: 3 refs/);
	assert.match(text, /Go asks the primary gitlab\.example\.com for \?go-get=1 .*only git goes to the secondary geo\.example\.com/);
	assert.equal(data?.ok, true);
	assert.equal(data?.outOfDate, false);
	assert.ok(calls.some(call => call.command === 'git' && call.args.join(' ') === `remote add origin -- ${original}`));
	const ls = calls.find(call => call.args[0] === 'ls-remote');
	assert.deepEqual(ls?.args, ['ls-remote', '-q', 'origin']);
	assert.equal(ls?.options.env?.['GIT_TERMINAL_PROMPT'], '0');
	assert.equal(ls?.options.env?.['GIT_TRACE_CURL'], traceFile);
	assert.equal(ls?.options.env?.['GIT_TRACE_REDACT'], '1', 'Authorization stays redacted in the trace');
	assert.equal(ls?.options.timeoutMs, 7000);
	assert.ok(calls.some(call => call.command === 'http' && call.args[0] === `https://${geo}/api/v4/metadata`), 'the secondary is reached over HTTPS as the https check does');
	assertNoSecret(outcome);
});

// --- Credentials for the secondary (seed: ".netrc needs entries for both hosts") ---

test('no .netrc entry for the secondary: fail "no credentials", fix adds one with the login of the primary entry', async () => {
	const {outcome, text} = await judge({
		netrc: `machine ${primary} login alice password ${token}\n`,
		lsRemote: {code: 128, stderr: `fatal: could not read Username for 'https://${geo}': terminal prompts disabled\n`},
	});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /git has no credentials for the Geo secondary geo\.example\.com/);
	assert.match(text, /require a \.netrc entry for both hosts/);
	assert.equal(outcome.fixes?.[0]?.commands[0], `touch /home/u/.netrc && chmod 600 /home/u/.netrc && printf '\\n%s\\n' 'machine ${geo} login alice password YOUR_TOKEN' >> /home/u/.netrc`);
	assertNoSecret(outcome);
});

test('secondary entry present but no primary entry, and it works: warn, git has nothing if sent to the primary', async () => {
	const {outcome} = await judge({netrc: `machine ${geo} login alice password ${token}\n`});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /none for the primary gitlab\.example\.com/);
	assert.ok(outcome.fixes?.some(fix => fix.commands[0]?.includes(`machine ${primary} login alice`)));
});

test('the secondary rejects the token (not a job token): fail, and say the two entries hold different tokens', async () => {
	const {outcome, text} = await judge({
		netrc: `machine ${primary} login alice password ${token}\nmachine ${geo} login alice password ${otherToken}\n`,
		lsRemote: {code: 128, stderr: `remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://${geo}/group/project.git/'\n`},
	});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /rejected the credentials git sent \(alice \/ glpat-\*\*\*\* from \/home\/u\/\.netrc:2\)/);
	assert.match(text, /hold different tokens/);
	assertNoSecret(outcome);
});

// --- Embedded credentials (docs/gitlab.md §3.2, issue 412077) ---

const embedded = route({url: `https://alice:${token}@${geo}/group/project.git`, embeddedCredential: true, user: 'alice', rule: {base: `https://alice:${token}@${geo}/`, insteadOf: `https://${primary}/`, scope: 'global', origin: 'file:/home/u/.gitconfig', file: '/home/u/.gitconfig', line: 3}});

test('embedded credentials, secondary redirects to the primary and git fails: fail "dropped the credentials"', async () => {
	const {outcome, text, redactor} = await judge(
		{
			netrc: `machine ${primary} login alice password ${token}\n`,
			lsRemote: {code: 128, stderr: `remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://${geo}/group/project.git/'\n`},
			trace: [
				...exchange('GET', geo, refsPath, 401),
				...exchange('GET', geo, refsPath, 302, {auth: true, location: `https://${geo}/-/from_secondary/2${refsPath}`}),
				...exchange('GET', geo, `/-/from_secondary/2${refsPath}`, 302, {auth: true, location: `https://${primary}${refsPath}`}),
				...exchange('GET', primary, refsPath, 401),
			],
		},
		{route: embedded},
	);
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /sent git to the primary gitlab\.example\.com .*dropped the credentials embedded in the URL/);
	assert.match(text, /never sends a URL's user name and password to another host/);
	const commands = outcome.fixes!.flatMap(fix => fix.commands);
	assert.ok(commands.includes('git config --global --edit'));
	assert.ok(commands.includes(`git config --global url."https://${geo}/".insteadOf "https://${primary}/"`));
	assert.ok(commands.some(command => command.includes(`machine ${geo} login alice`)) && commands.some(command => command.includes(`machine ${primary} login alice`)));
	// The secret is registered, so every renderer masks it (the rule text holds it).
	assert.ok(!redactor.redact(JSON.stringify(outcome)).includes(token));
});

test('embedded credentials, repository up to date: warn (works today), same fixes', async () => {
	const {outcome} = await judge({netrc: `machine ${primary} login alice password ${token}\n`}, {route: embedded});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /credentials embedded in the URL: they are dropped when the secondary redirects git to the primary/);
	assert.ok(outcome.fixes!.some(fix => fix.commands.includes('git config --global --edit')));
});

// --- Job tokens (docs/gitlab.md §3.2) ---

const jobNetrc = `machine ${primary} login gitlab-ci-token password ${job}\nmachine ${geo} login gitlab-ci-token password ${job}\n`;

test('CI job token rejected by the secondary: fail, job tokens do not work over HTTP on a secondary; persistent-token fix', async () => {
	const {outcome, text} = await judge({netrc: jobNetrc, lsRemote: {code: 128, stderr: `fatal: could not read Username for 'https://${geo}': terminal prompts disabled\n`}}, {tokenKind: 'job'});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /rejects the CI job token git sends .*job tokens do not work over HTTP on a secondary/);
	assert.match(text, /replicated, read-only database/);
	assert.match(outcome.fixes![0]!.title, /persistent token that replicates/);
	assert.ok(outcome.fixes![0]!.commands[0]!.includes(`machine ${geo} login`));
	assert.ok(outcome.fixes!.some(fix => fix.commands[0] === `git config --global --unset "url.https://${geo}/.insteadOf"`));
	assertNoSecret(outcome);
});

test('a job token recognised by its glcbt- prefix under another login; git succeeds anyway (public project): warn, not fail', async () => {
	const {outcome} = await judge({netrc: `machine ${primary} login me password ${job}\nmachine ${geo} login me password ${job}\n`});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /CI job token/);
});

// --- Out-of-date repositories (docs/gitlab.md §3.1) ---

test('redirect to /-/from_secondary/ on the same host, success: warn "not up to date", served from the primary', async () => {
	const {outcome, data} = await judge({
		netrc: bothHosts,
		lsRemote: {stdout: refs, stderr: `warning: redirecting to https://${geo}/-/from_secondary/2/group/project.git/\n`},
		trace: [...exchange('GET', geo, refsPath, 302, {auth: true, location: `https://${geo}/-/from_secondary/2${refsPath}`}), ...exchange('GET', geo, `/-/from_secondary/2${refsPath}`, 200, {auth: true})],
	});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /copy of group\/project is not up to date: it redirected git to \/-\/from_secondary\/2\/group\/project\.git, which it serves from the primary/);
	assert.equal(data?.outOfDate, true);
	assert.match(outcome.fixes![0]!.link ?? '', /admin\/geo\/sites/);
});

test('older GitLab: /-/push_from_secondary/ seen only in stderr (no trace): still warn', async () => {
	const {outcome} = await judge({netrc: bothHosts, lsRemote: {stdout: refs, stderr: `warning: redirecting to https://${geo}/-/push_from_secondary/2/group/project.git/\n`}});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /not up to date/);
});

test('redirect to the primary host, no .netrc entry for it: fail, git has no credentials for the primary', async () => {
	const {outcome} = await judge({
		netrc: `machine ${geo} login alice password ${token}\n`,
		lsRemote: {code: 128, stderr: `fatal: could not read Username for 'https://${primary}': terminal prompts disabled\n`},
		trace: [...exchange('GET', geo, refsPath, 302, {auth: true, location: `https://${primary}${refsPath}`}), ...exchange('GET', primary, refsPath, 401)],
	});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /sent git to the primary gitlab\.example\.com .* git has no credentials for gitlab\.example\.com/);
	assert.ok(outcome.fixes![0]!.commands[0]!.includes(`machine ${primary} login alice`));
});

// --- Reachability ---

test('the secondary does not resolve (git and Go alike): fail "cannot reach", with what Go\'s client saw', async () => {
	const {outcome, text} = await judge({
		netrc: bothHosts,
		lsRemote: {code: 128, stderr: `fatal: unable to access 'https://${geo}/group/project.git/': Could not resolve host: ${geo}\n`},
		http: {ok: false, failure: {kind: 'dns', message: `cannot resolve ${geo}`, code: 'ENOTFOUND', via: {}}},
	});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /git cannot reach the Geo secondary geo\.example\.com/);
	assert.match(text, /Go's HTTPS client fails there as well: cannot resolve geo\.example\.com/);
});

test('git times out: fail, and the limit is ours', async () => {
	const {outcome} = await judge({netrc: bothHosts, lsRemote: {code: undefined, timedOut: true}, http: 'throw'});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /cannot reach the Geo secondary .*did not finish within 7 s/);
});

// --- --geo-secondary ---

test('--geo-secondary without an insteadOf rule: ls-remote straight at the secondary; warn with the insteadOf fix', async () => {
	const {outcome, calls} = await judge({netrc: bothHosts}, {route: route({url: original, host: primary, differentHost: false, rule: undefined})}, geo);
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /no insteadOf rule sends git to geo\.example\.com: go get fetches from the primary/);
	assert.ok(calls.some(call => call.args.join(' ') === `remote add origin -- https://${geo}/group/project.git`));
	assert.ok(outcome.fixes!.some(fix => fix.commands[0] === `git config --global url."https://${geo}/".insteadOf "https://${primary}/"`));
});

test('--geo-secondary names another host than the rule: warn', async () => {
	const {outcome} = await judge({netrc: bothHosts}, {}, 'geo2.example.com');
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /--geo-secondary names geo2\.example\.com, but git goes to geo\.example\.com/);
});

// --- SSH (seed: "Use SSH to access the Geo secondary server") ---

const sshRoute = route({url: `git@${geo}:group/project.git`, kind: 'scp', user: 'git', rule: {base: `git@${geo}:`, insteadOf: `https://${primary}/`, scope: 'global', origin: 'file:/home/u/.gitconfig'}});

test('SSH: git-auth already saw the key accepted: no second probe; ls-remote passes → pass', async () => {
	const {outcome, calls} = await judge({}, {route: sshRoute, auth: {method: 'ssh', user: 'alice'}});
	assert.equal(outcome.status, 'pass', outcome.summary);
	assert.match(outcome.summary, /accepts your SSH key and lists 3 refs/);
	assert.ok(!calls.some(call => call.command === 'ssh'));
	const ls = calls.find(call => call.args[0] === 'ls-remote');
	assert.equal(ls?.options.env?.['GIT_SSH_COMMAND'], 'ssh -o ControlMaster=no -o BatchMode=yes', 'as Go up to 1.2x runs ssh');
	assert.equal(ls?.options.env?.['GIT_TRACE_CURL'], undefined);
});

test('SSH: key refused by the secondary (BatchMode probe): fail, keys replicate from the primary', async () => {
	const {outcome, calls, text} = await judge({}, {route: sshRoute});
	const probe = calls.find(call => call.command === 'ssh');
	assert.deepEqual(probe?.args, ['-T', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=7', `git@${geo}`]);
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /the Geo secondary geo\.example\.com: GitLab at geo\.example\.com accepted none of the SSH keys/);
	assert.match(text, /replicate to the secondary/);
	assert.ok(!calls.some(call => call.args[0] === 'ls-remote'), 'no ls-remote after a refused key');
});

test('SSH: key accepted by our probe; the secondary forwards an unsynced repository: warn', async () => {
	const forwarded = [
		'remote: ',
		'remote: This request to a Geo secondary node will be forwarded to the',
		'remote: Geo primary node:',
		'remote: ',
		`remote:   ssh://git@${primary}/group/project.git`,
	].join('\n');
	const {outcome} = await judge({ssh: {code: 0, stdout: 'Welcome to GitLab, @alice!\n'}, lsRemote: {stdout: refs, stderr: forwarded}}, {route: sshRoute});
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /not up to date: it forwards git to the primary \(ssh:\/\/git@gitlab\.example\.com\/group\/project\.git\)/);
});

// --- The curl trace reader ---

test('parseCurlTrace: CONNECT and 100 Continue left out, Authorization seen, Location kept, HTTP/2 lower-case headers', () => {
	const text = [
		send('CONNECT geo.example.com:443 HTTP/1.1'),
		send('Host: geo.example.com:443'),
		recv('HTTP/1.1 200 Connection established'),
		...exchange('GET', geo, refsPath, 401),
		send('POST /group/project.git/git-upload-pack HTTP/2'),
		send('host: geo.example.com'),
		send('authorization: Basic <redacted>'),
		recv('HTTP/1.1 100 Continue'),
		recv('HTTP/2 302'),
		recv(`location: https://${primary}/group/project.git/git-upload-pack`),
	].join('\n');
	const exchanges = parseCurlTrace(text);
	assert.equal(exchanges.length, 2);
	assert.deepEqual(exchanges[0], {method: 'GET', host: geo, path: refsPath, authorization: false, status: 401});
	assert.equal(exchanges[1]!.status, 302);
	assert.equal(exchanges[1]!.authorization, true);
	assert.equal(exchanges[1]!.location, `https://${primary}/group/project.git/git-upload-pack`);
	assert.deepEqual(parseCurlTrace(''), []);
});

test('geoRouteOf: from_secondary / push_from_secondary, and requests to other hosts', () => {
	const route1 = geoRouteOf(parseCurlTrace([...exchange('GET', geo, refsPath, 302, {location: `https://${geo}/-/push_from_secondary/2${refsPath}`})].join('\n')), geo);
	assert.equal(route1.fromSecondary, `https://${geo}/-/push_from_secondary/2${refsPath}`);
	assert.deepEqual(route1.otherHosts, []);
	const route2 = geoRouteOf(parseCurlTrace([...exchange('GET', geo, refsPath, 302, {location: `https://${primary}${refsPath}`}), ...exchange('GET', `${primary}:443`, refsPath, 401)].join('\n')), `${geo}:443`);
	assert.deepEqual(route2.otherHosts, [primary]);
	assert.equal(route2.fromSecondary, undefined);
});

test('a go-import tag naming a foreign host is no Geo secondary: skipped, no token-copy advice; --geo-secondary naming it does check it', async () => {
	const foreign = route({rule: undefined, url: 'https://elsewhere.example.net/group/project.git', originalUrl: 'https://elsewhere.example.net/group/project.git', host: 'elsewhere.example.net'});
	const target = secondaryTarget(foreign, undefined);
	assert.ok('skip' in target, 'the server\'s word does not start the Geo check');
	assert.match(target.skip, /go-import answer of gitlab\.example\.com names, not an insteadOf rule of yours/);
	const {outcome} = await runCheck(geoSecondaryCheck, fakeSystem({env: {HOME: '/home/u'}}), upstreamOf({'git-route': foreign}), {module: `${primary}/group/project`, offline: false});
	assert.equal(outcome.status, 'skip');
	assert.deepEqual(outcome.fixes ?? [], []);
	const named = secondaryTarget(foreign, 'elsewhere.example.net');
	assert.ok(!('skip' in named) && named.routed, 'a host the user named with --geo-secondary is checked');
});

// --- A host's modules, each with its own route (repository mode) ---

test('repository mode: the secondary is checked when an insteadOf rule sends only some of a host\'s modules there, and the warning names them', async () => {
	const {fake, calls} = system({netrc: `machine ${primary} login alice password ${token}\n`, lsRemote: {code: 128, stderr: `fatal: Authentication failed for 'https://${geo}/group-a/project.git/'`}});
	const own = resolveTarget(`${primary}/group-b/project`);
	const sent = resolveTarget(`${primary}/group-a/project`);
	const ownRoute = route({originalUrl: `https://${primary}/group-b/project.git`, url: `https://${primary}/group-b/project.git`, host: primary, differentHost: false, rule: undefined});
	const sentRoute = route({
		originalUrl: `https://${primary}/group-a/project.git`,
		url: `https://${geo}/group-a/project.git`,
		rule: {base: `https://${geo}/group-a/`, insteadOf: `https://${primary}/group-a/`, scope: 'global', origin: 'file:/home/u/.gitconfig', file: '/home/u/.gitconfig', line: 3},
	});
	const base = upstreamOf({'git-route': ownRoute});
	const upstream = {...base, each: (id: string) => (id === 'git-route' ? [{target: own, data: ownRoute}, {target: sent, data: sentRoute}] : [])} as typeof base;
	const {outcome} = await runCheck(geoSecondaryCheck, fake, upstream, {offline: false, timeoutMs: 7000, module: own.module});
	assert.notEqual(outcome.status, 'skip', outcome.summary);
	assert.notEqual(outcome.status, 'pass', outcome.summary);
	assert.deepEqual(outcome.concerns, [sent.module]);
	assert.ok(calls.some(call => call.command === 'git' && call.args[0] === 'remote' && call.args.includes(`https://${primary}/group-a/project.git`)), 'git asked the secondary for the module it serves');
	assert.match(outcome.summary + (outcome.details ?? []).join('\n'), new RegExp(geo.replace(/\./g, '\\.')));
});

test('repository mode: no module goes to a secondary: skipped, as for one module', async () => {
	const {fake, calls} = system({});
	const own = resolveTarget(`${primary}/group/project`);
	const plain = route({url: original, host: primary, differentHost: false, rule: undefined});
	const base = upstreamOf({'git-route': plain});
	const upstream = {...base, each: (id: string) => (id === 'git-route' ? [{target: own, data: plain}, {target: resolveTarget(`${primary}/group/other`), data: plain}] : [])} as typeof base;
	const {outcome} = await runCheck(geoSecondaryCheck, fake, upstream, {offline: false, timeoutMs: 7000, module: own.module});
	assert.equal(outcome.status, 'skip');
	assert.match(outcome.summary, /the module's own host/);
	assert.equal(calls.length, 0);
});
