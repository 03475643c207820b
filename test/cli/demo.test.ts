// `npm run demo -- SETUP`: the newcomer's demo starts the fake GitLab, runs the tool in an environment that inherits
// nothing from the machine (an inherited GIT_SSL_CAINFO once turned the no-netrc demo into a certificate error), and
// stops. Bounded: each run has a hard limit.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {gitAvailable, runCommand} from '../fake-gitlab/index.js';
import {setups} from '../../scripts/demo/setups.js';

const demo = (args: string[], env: Record<string, string | undefined> = {}) =>
	runCommand(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], {env: {...process.env, ...env} as Record<string, string>, timeoutMs: 90_000});

// Settings of a developer's own machine that must not reach the demo's shell.
const leaky = {
	GIT_SSL_CAINFO: '/nonexistent/ca.pem',
	GIT_CONFIG_COUNT: '1',
	GIT_CONFIG_KEY_0: 'url.https://elsewhere.example/.insteadOf',
	GIT_CONFIG_VALUE_0: 'https://gitlab.test/',
	NETRC: '/nonexistent/netrc',
	GOFLAGS: '-insecure',
	GOPROXY: 'off',
	GOPRIVATE: 'nothing.example',
	SSL_CERT_FILE: '/nonexistent/certs.pem',
	CURL_CA_BUNDLE: '/nonexistent/bundle.pem',
	HTTP_PROXY: 'http://127.0.0.1:9',
	ALL_PROXY: 'http://127.0.0.1:9',
	XDG_CONFIG_HOME: '/nonexistent/xdg',
	CI: '1',
};

test('--help lists every set-up', async () => {
	const result = await demo(['--help']);
	assert.equal(result.exitCode, 0);
	for (const setup of setups) assert.match(result.stdout, new RegExp(`^  ${setup.name} `, 'm'));
});

test('an unknown set-up is a usage error (2) that lists the set-ups', async () => {
	const result = await demo(['no-such-setup']);
	assert.equal(result.exitCode, 2);
	assert.match(result.stderr, /unknown set-up "no-such-setup"[\s\S]*no-netrc/);
});

test('the isolated environment holds only what the demo wrote, whatever the machine sets', {skip: !gitAvailable() && 'needs git'}, async () => {
	const result = await demo(['no-netrc', '--run', 'env'], leaky);
	assert.equal(result.exitCode, 0, result.stderr);
	const env = new Map(result.stdout.trim().split('\n').map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
	for (const key of Object.keys(leaky)) {
		const value = env.get(key);
		assert.ok(value === undefined || !Object.values(leaky).includes(value), `${key}=${value} leaked into the demo`);
	}
	assert.match(env.get('HOME') ?? '', /fake-gitlab-env-/);
	assert.match(env.get('PATH') ?? '', /fake-gitlab-env-[^:]*\/bin:/, 'gitlab-go-check is on PATH');
});

test('no-netrc: the tool in the demo fails on the missing .netrc, not on certificates, and healthy passes', {skip: !gitAvailable() && 'needs git'}, async () => {
	const run = async (setup: string) => {
		const result = await demo([setup, '--run', 'gitlab-go-check', 'gitlab.test/group/sub/project', '--json', '--timeout', '5'], leaky);
		return JSON.parse(result.stdout) as {verdict: string; checks: Array<{id: string; status: string; summary: string}>};
	};
	const [broken, healthy] = await Promise.all([run('no-netrc'), run('healthy')]);
	const status = (doc: typeof broken) => Object.fromEntries(doc.checks.map(check => [check.id, check.status]));
	assert.equal(broken.verdict, 'fail');
	assert.equal(status(broken).https, 'pass', 'the certificate of the fake GitLab is trusted');
	assert.equal(status(broken).netrc, 'fail');
	assert.equal(status(broken)['go-import'], 'fail');
	assert.doesNotMatch(JSON.stringify(broken), /verification failed|certificate problem|unknown authority|nonexistent/);
	assert.equal(healthy.verdict, 'pass', JSON.stringify(healthy.checks.filter(check => check.status !== 'pass' && check.status !== 'skip')));
});

test('repository: the shell starts in ~/app, whose go.mod needs four private modules of gitlab.test; only group/hidden fails', {skip: !gitAvailable() && 'needs git'}, async () => {
	const result = await demo(['repository', '--run', 'gitlab-go-check', '--json', '--timeout', '5'], leaky);
	const document = JSON.parse(result.stdout) as {mode: string; modules: Array<{module: string; verdict: string; classification: string}>; hosts: Array<{host: string; verdict: string}>};
	assert.equal(document.mode, 'repository');
	assert.deepEqual(
		document.modules.map(module => [module.module, module.classification, module.verdict]),
		[
			['github.com/pkg/errors', 'public', 'pass'],
			['gitlab.test/group/hidden', 'private', 'fail'],
			['gitlab.test/group/lib', 'private', 'pass'],
			['gitlab.test/group/project', 'private', 'pass'],
			['gitlab.test/group/sub/project', 'private', 'pass'],
		],
	);
	// The token cannot see group/hidden: a warning for the host, not a failure of the modules beside it.
	assert.deepEqual(document.hosts.map(host => [host.host, host.verdict]), [['gitlab.test', 'warn']]);
	assert.equal(result.exitCode, 1);
});
