// Conformance for the route go takes through GOPROXY (issue 13): in each scenario the real `go mod download -json M@latest`
// and the built CLI run in one isolated environment against the fake GitLab with a company module proxy in front of it
// (test/fake-gitlab/module-proxy.ts) and, where named, stand-ins for proxy.golang.org and sum.golang.org. The tool must
// agree with go: the failing check is the one on go's route, and no check fails that go never meets (those are `skip`,
// "not on go's route"). References: docs/go.md §3.2–§3.4 (cmd/go/internal/modfetch proxy.go TryProxies, sumdb.go
// initBase); rules/go-route.ts. GitLab's own Go proxy keeps its scenarios in geo-proxy.test.ts.
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {sameWords} from '../helpers/run-cli.js';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {CheckId, Status} from '../../source/engine/types.js';
import {startModuleProxy, startPublicStandIns, type ModuleProxyMode} from '../fake-gitlab/index.js';
import {CONCURRENCY, SCENARIO_TIMEOUT_MS, scenarioReleases, scenarioSuite, selected, skipReason, type EnvOptions, type RunnableScenario} from './runner.js';
import {ALICE_READ_API, HOST, PROXY_PASSWORD} from './scenarios.js';

const COMPANY = 'goproxy.test';
const MODULE = `${HOST}/group/sub/project`;
/** The steps of the direct route (go-import, git, the GitLab host's credentials). */
const DIRECT: CheckId[] = ['https', 'netrc', 'token', 'go-import', 'git-route', 'git-auth', 'git-access'];

type Scenario = Omit<RunnableScenario, 'env' | 'failingCheck' | 'proxyAuth' | 'proxyCredentialsInUrl'> & {
	company?: {mode: ModuleProxyMode; delayMs?: number};
	/** proxy.golang.org and sum.golang.org answer (404 for the internal module) instead of being refused. */
	publicStandIns?: boolean;
	env: EnvOptions;
	failingCheck?: CheckId[];
	expect: Partial<Record<CheckId, Status>>;
	/** Checks go never meets here: each must be `skip`, "not on go's route". */
	offRoute?: CheckId[];
	says?: Partial<Record<CheckId, RegExp>>;
};

const netrcFor = (machine: string, login: string, secret: string) => `machine ${machine} login ${login} password ${secret}\n`;
const GITLAB_NETRC = netrcFor(HOST, 'alice', ALICE_READ_API);
const PROXY_NETRC = netrcFor(COMPANY, 'proxyuser', PROXY_PASSWORD);

/**
 * A GOAUTH command (Go 1.24+) that gives the company proxy's credentials only when go names a URL, i.e. only on the
 * round go runs after a 4xx (web/http.go; docs/go.md §2). A script, so that no secret sits in the GOAUTH value.
 */
function afterRetryGoauthScript(): string {
	const dir = mkdtempSync(join(tmpdir(), 'goauth-retry-'));
	process.once('exit', () => rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	const script = join(dir, 'proxy-goauth');
	const basic = Buffer.from(`proxyuser:${PROXY_PASSWORD}`).toString('base64');
	writeFileSync(script, `#!/bin/sh\n# Nothing on the first round (no URL); the proxy's credential once go asks with a URL.\n[ -n "$1" ] || exit 0\nprintf 'https://${COMPANY}\\n\\nAuthorization: Basic ${basic}\\n\\n'\n`);
	chmodSync(script, 0o755);
	return script;
}

const scenarios: Scenario[] = [
	{
		name: 'route: company proxy serves the module, GONOSUMDB, no .netrc, no GOPRIVATE',
		ref: 'issue 13 (the opening report); docs/go.md §3.3 (a serving proxy ends the walk)',
		module: MODULE,
		company: {mode: 'serves'},
		env: {goEnv: {GOPROXY: `https://${COMPANY}`, GONOSUMDB: HOST}},
		goSucceeds: true,
		expect: {'go-proxy': 'pass', 'private-module': 'pass'},
		offRoute: DIRECT,
		says: {'go-proxy': /https:\/\/goproxy\.test lists 1 version of gitlab\.test\/group\/sub\/project/},
	},
	{
		name: 'route: company proxy serves the module, no GONOSUMDB (the checksum database cannot know it)',
		ref: 'docs/go.md §3.4 (useSumDB; initBase: /sumdb/<name>/supported 404 → sum.golang.org)',
		module: MODULE,
		company: {mode: 'serves'},
		publicStandIns: true,
		env: {goEnv: {GOPROXY: `https://${COMPANY},direct`}},
		goSucceeds: false,
		failingCheck: ['private-module', 'go-proxy'],
		expect: {'go-proxy': 'fail', 'private-module': 'fail'},
		offRoute: DIRECT,
		says: {'go-proxy': /checksum database sum\.golang\.org/},
	},
	{
		name: 'route: company proxy needs credentials, no .netrc entry for it (401 stops go at ",")',
		ref: 'docs/go.md §3.3 ("," falls back only on 404/410), docs/go.md §1.3 (.netrc machine = the proxy host)',
		module: MODULE,
		company: {mode: 'needs-credentials'},
		env: {goEnv: {GOPROXY: `https://${COMPANY},direct`, GONOSUMDB: HOST}, netrc: GITLAB_NETRC},
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		offRoute: DIRECT,
		says: {'go-proxy': /401 Unauthorized: it wants credentials, and go sends it none/},
	},
	{
		name: 'route: company proxy needs credentials, .netrc entry for the proxy host only',
		ref: 'docs/go.md §1.3–§1.4 (the entry for the proxy host, over HTTPS)',
		module: MODULE,
		company: {mode: 'needs-credentials'},
		env: {goEnv: {GOPROXY: `https://${COMPANY}`, GONOSUMDB: HOST}, netrc: PROXY_NETRC},
		goSucceeds: true,
		expect: {'go-proxy': 'pass'},
		offRoute: DIRECT,
		says: {'go-proxy': /for proxyuser/},
	},
	{
		name: 'route: company proxy needs credentials that only a GOAUTH command gives, after the 401 (Go 1.24 retries; older Go has no GOAUTH)',
		ref: 'go 1.24 web/http.go (retry after a 4xx), auth.go AddCredentials/runGoAuth; docs/go.md §2',
		module: MODULE,
		company: {mode: 'needs-credentials'},
		env: {goEnv: {GOPROXY: `https://${COMPANY}`, GONOSUMDB: HOST}, env: {GOAUTH: afterRetryGoauthScript()}},
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		perRelease: {'1.24': {goSucceeds: true}},
		expect: {},
		offRoute: DIRECT,
	},
	{
		name: 'route: company proxy needs credentials, "|direct" after it (any error passes on; git works)',
		ref: 'docs/go.md §3.3 ("|" falls back on any error)',
		module: MODULE,
		company: {mode: 'needs-credentials'},
		env: {goEnv: {GOPROXY: `https://${COMPANY}|direct`, GONOSUMDB: HOST}, netrc: GITLAB_NETRC},
		goSucceeds: true,
		expect: {'go-proxy': 'warn', 'go-import': 'pass', 'git-access': 'pass'},
		says: {'go-proxy': /Go falls back to fetching with git/},
	},
	{
		name: 'route: company proxy cannot reach GitLab, ",direct" after it (404 passes on; git works)',
		ref: 'docs/go.md §3.3 ("," falls back on 404/410)',
		module: MODULE,
		company: {mode: 'cannot-reach-gitlab'},
		env: {goEnv: {GOPROXY: `https://${COMPANY},direct`, GONOSUMDB: HOST}, netrc: GITLAB_NETRC},
		goSucceeds: true,
		expect: {'go-proxy': 'warn', 'go-import': 'pass', 'git-access': 'pass', netrc: 'pass'},
		says: {'go-proxy': /404 Not Found .*Go falls back to fetching with git/},
	},
	{
		name: 'route: company proxy cannot reach GitLab, nothing after it',
		ref: 'docs/go.md §3.3 (the last entry: go reports its not-found error)',
		module: MODULE,
		company: {mode: 'cannot-reach-gitlab'},
		env: {goEnv: {GOPROXY: `https://${COMPANY}`, GONOSUMDB: HOST}, netrc: GITLAB_NETRC},
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		offRoute: DIRECT,
		says: {'go-proxy': /no entry is left/},
	},
	{
		name: 'route: company proxy cannot reach GitLab, ",direct", but git has no credentials (the direct route fails)',
		ref: 'docs/go.md §3.3; docs/git.md §5.3 (terminal prompts disabled)',
		module: MODULE,
		company: {mode: 'cannot-reach-gitlab'},
		env: {goEnv: {GOPROXY: `https://${COMPANY},direct`, GONOSUMDB: HOST}},
		goSucceeds: false,
		failingCheck: ['git-access'],
		expect: {'go-proxy': 'warn'},
	},
	{
		name: 'route: company proxy cannot reach GitLab, then proxy.golang.org (stand-in: 404), no direct',
		ref: 'docs/go.md §3.3 (every proxy not found and no direct: go fails); the public proxy learns the path',
		module: MODULE,
		company: {mode: 'cannot-reach-gitlab'},
		publicStandIns: true,
		env: {goEnv: {GOPROXY: `https://${COMPANY},https://proxy.golang.org`, GONOSUMDB: HOST}, netrc: GITLAB_NETRC},
		goSucceeds: false,
		failingCheck: ['go-proxy', 'private-module'],
		expect: {'go-proxy': 'fail', 'private-module': 'fail'},
		offRoute: DIRECT,
	},
	{
		name: 'route: a slow company proxy (1.5 s an answer) that serves the module: go waits, and so does the tool',
		ref: 'docs/go.md §3.3; a slow proxy is no error while it answers within the time limits',
		module: MODULE,
		company: {mode: 'slow', delayMs: 1500},
		env: {goEnv: {GOPROXY: `https://${COMPANY}`, GONOSUMDB: HOST}},
		goSucceeds: true,
		expect: {'go-proxy': 'pass'},
		offRoute: DIRECT,
	},
	{
		name: 'route: GOPRIVATE covers the module, so go never asks the company proxy (direct route judged)',
		ref: 'docs/go.md §3.2–§3.3 (GONOPROXY defaults to GOPRIVATE; the noproxy entry comes first)',
		module: MODULE,
		company: {mode: 'needs-credentials'},
		env: {goEnv: {GOPROXY: `https://${COMPANY}`, GOPRIVATE: HOST}, netrc: GITLAB_NETRC},
		goSucceeds: true,
		expect: {'go-proxy': 'skip', 'go-import': 'pass', 'git-access': 'pass'},
		says: {'go-proxy': /GOPRIVATE covers .* never asks the GOPROXY proxies/},
	},
];

describe('conformance: the route through GOPROXY agrees with the real go', {skip: skipReason, concurrency: CONCURRENCY}, () => {
	const suite = scenarioSuite('route conformance');

	// Every scenario on every installed Go release (1.19, 1.21–1.24), as in conformance.test.ts.
	const {releases} = scenarioReleases();
	for (const release of releases) for (const scenario of selected(scenarios)) {
		test(`${release ? `[go ${release.release}] ` : ''}${scenario.name} (go ${scenario.goSucceeds ? 'succeeds' : 'fails'}) [${scenario.ref}]`, {timeout: SCENARIO_TIMEOUT_MS + 10_000}, async t => {
			let company: Awaited<ReturnType<typeof startModuleProxy>> | undefined;
			const {byId, context, observed} = await suite.run(t, scenario, {
				release,
				alongside: async (gitlab, pki) => {
					company = scenario.company ? await startModuleProxy({pki, gitlab, host: COMPANY, mode: scenario.company.mode, ...(scenario.company.delayMs ? {delayMs: scenario.company.delayMs} : {}), credentials: {username: 'proxyuser', password: PROXY_PASSWORD}}) : undefined;
					const standIns = scenario.publicStandIns ? await startPublicStandIns(pki) : undefined;
					return {
						routes: {...company?.routes, ...standIns?.routes},
						async close() {
							await Promise.all([company?.close(), standIns?.close()]);
						},
					};
				},
				note: document => Object.keys(scenario.expect).map(id => `${id} ${document?.checks.find(check => check.id === id)?.status ?? '?'}`).join(', '),
			});
			for (const [id, status] of Object.entries(scenario.expect) as Array<[CheckId, Status]>) {
				const check = byId.get(id);
				assert.equal(check?.status, status, `${id} should be ${status}\n${JSON.stringify(check, null, 2)}\n${context()}`);
				assert.ok(sameWords(observed.plain.stdout).includes(sameWords(check.summary)), `plain output lacks the ${id} summary`);
				if (status === 'fail') assert.ok(check.fixes.length > 0, `${id} fails without a fix`);
			}
			for (const id of scenario.offRoute ?? []) {
				const check = byId.get(id);
				assert.equal(check?.status, 'skip', `${id} is not on go's route here and must be skip\n${JSON.stringify(check, null, 2)}\n${context()}`);
				assert.match(check.summary, /^not on go's route: /, `${id}: the skip says why`);
			}
			for (const [id, pattern] of Object.entries(scenario.says ?? {}) as Array<[CheckId, RegExp]>) {
				assert.match(byId.get(id)?.summary ?? '', pattern, `${id} summary\n${context()}`);
			}
			// The company proxy is asked about the module as go asks it, nothing else.
			for (const request of company?.requests ?? []) assert.ok(request.path.startsWith('/gitlab.test/') || request.path.startsWith('/sumdb/'), `unexpected request to the company proxy: ${request.path}`);
		});
	}
});
