// Conformance for the geo-secondary and go-proxy checks: in each scenario the real `go mod download -json M@latest` and
// the built CLI (`gitlab-go-check M --json`, then plain) run in the same isolated environment against a fake GitLab
// (plus, for Geo, a fake secondary that replicates it), and the tool must agree with what Go did: when Go fails the named
// check fails, when Go succeeds no check fails, and no secret reaches any output. References:
// docs/gitlab.md §3 (Geo), docs/gitlab.md §4 (Go proxy); docs/go.md §3.3–§3.4;
// docs/gitlab.md §7 ("Fetch Go modules from Geo secondary sites").
// The runner and the claims every scenario makes are in runner.ts; this file adds the secondary and its claims about
// single checks.
import {sameWords} from '../helpers/run-cli.js';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {CheckId, Status} from '../../source/engine/types.js';
import {startFakeGitlab, type FakeGitlabOptions} from '../fake-gitlab/index.js';
import {CONCURRENCY, SCENARIO_TIMEOUT_MS, scenarioReleases, scenarioSuite, selected, skipReason, type EnvOptions, type Instance, type RunnableScenario} from './runner.js';
import {ALICE_JOB, ALICE_READ_API, CAROL_GUEST, HOST, UNKNOWN_TOKEN} from './scenarios.js';

const GEO = 'geo.gitlab.test';

type Scenario = Omit<RunnableScenario, 'env' | 'failingCheck' | 'proxyAuth' | 'proxyCredentialsInUrl' | 'refused'> & {
	/** A Geo secondary of the instance (host geo.gitlab.test). */
	secondary?: Pick<FakeGitlabOptions, 'outdatedRepos' | 'geoRedirectMode'>;
	env: (instance: Instance) => EnvOptions;
	/** When go fails: the checks that must fail. */
	failingCheck?: CheckId[];
	/** The status each named check must have (the judgement under test). */
	expect: Partial<Record<CheckId, Status>>;
	/** Words the named check's summary must contain (the explanation under test). */
	says?: Partial<Record<CheckId, RegExp>>;
};

const line = (login: string, secret: string, machine: string) => `machine ${machine} login ${login} password ${secret}\n`;
const BOTH = line('alice', ALICE_READ_API, HOST) + line('alice', ALICE_READ_API, GEO);
const TO_GEO = [{base: `https://${GEO}/`, insteadOf: `https://${HOST}/`}];
const PRIVATE = {GOPRIVATE: HOST};
const SUBGROUP = `${HOST}/group/sub/project`;
const TOP = `${HOST}/group/project`;
const proxyUrl = (id: number) => `https://${HOST}/api/v4/projects/${id}/packages/go`;

const scenarios: Scenario[] = [
	// Geo (docs/gitlab.md §3; seed "Use HTTP to access the Geo secondary").
	{
		name: 'geo: healthy secondary (insteadOf to the secondary, .netrc for both hosts)',
		ref: 'docs/gitlab.md §7.4; docs/gitlab.md §3.2',
		module: SUBGROUP,
		secondary: {},
		env: () => ({goEnv: PRIVATE, netrc: BOTH, insteadOf: TO_GEO}),
		goSucceeds: true,
		expect: {'geo-secondary': 'pass'},
		says: {'geo-secondary': /git reaches the Geo secondary geo\.gitlab\.test over HTTPS/},
	},
	{
		name: 'geo: no .netrc entry for the secondary',
		ref: 'docs/gitlab.md §3.2 (.netrc needs entries for both hosts); docs/git.md §5.3 (terminal prompts disabled)',
		module: SUBGROUP,
		secondary: {},
		env: () => ({goEnv: PRIVATE, netrc: line('alice', ALICE_READ_API, HOST), insteadOf: TO_GEO}),
		goSucceeds: false,
		failingCheck: ['geo-secondary'],
		expect: {'geo-secondary': 'fail'},
		says: {'geo-secondary': /no credentials for the Geo secondary geo\.gitlab\.test/},
	},
	{
		name: 'geo: credentials embedded in the insteadOf URL, secondary redirects an out-of-date repository to the primary',
		ref: 'docs/gitlab.md §3.2 (URL credentials lost on the secondary→primary redirect, issue 412077)',
		module: TOP,
		secondary: {outdatedRepos: ['group/project'], geoRedirectMode: 'redirect-to-primary'},
		env: () => ({goEnv: PRIVATE, netrc: line('alice', ALICE_READ_API, HOST), insteadOf: [{base: `https://alice:${ALICE_READ_API}@${GEO}/`, insteadOf: `https://${HOST}/`}]}),
		goSucceeds: false,
		failingCheck: ['geo-secondary'],
		expect: {'geo-secondary': 'fail'},
		says: {'geo-secondary': /dropped the credentials embedded in the URL/},
	},
	{
		name: 'geo: credentials embedded in the insteadOf URL, repository up to date (works; warn)',
		ref: 'docs/gitlab.md §3.2 (embedded credentials are lost only when the secondary redirects)',
		module: TOP,
		secondary: {outdatedRepos: [], geoRedirectMode: 'redirect-to-primary'},
		env: () => ({goEnv: PRIVATE, netrc: line('alice', ALICE_READ_API, HOST), insteadOf: [{base: `https://alice:${ALICE_READ_API}@${GEO}/`, insteadOf: `https://${HOST}/`}]}),
		goSucceeds: true,
		expect: {'geo-secondary': 'warn'},
		says: {'geo-secondary': /credentials embedded in the URL/},
	},
	{
		name: 'geo: CI job token in .netrc for both hosts',
		ref: 'docs/gitlab.md §3.2 ("You cannot use CI/CD job tokens to fetch Go modules with HTTP" from a secondary)',
		module: SUBGROUP,
		secondary: {},
		env: () => ({goEnv: PRIVATE, netrc: line('gitlab-ci-token', ALICE_JOB, HOST) + line('gitlab-ci-token', ALICE_JOB, GEO), insteadOf: TO_GEO}),
		goSucceeds: false,
		failingCheck: ['geo-secondary'],
		expect: {'geo-secondary': 'fail'},
		says: {'geo-secondary': /job token/},
	},
	{
		name: 'geo: repository out of date on the secondary (redirect to /-/from_secondary/; works, warn)',
		ref: 'docs/gitlab.md §3.1 (302 to /-/from_secondary/<id>/… for an unsynced repository)',
		module: SUBGROUP,
		secondary: {outdatedRepos: ['group/sub/project']},
		env: () => ({goEnv: PRIVATE, netrc: BOTH, insteadOf: TO_GEO}),
		goSucceeds: true,
		expect: {'geo-secondary': 'warn'},
		says: {'geo-secondary': /not up to date/},
	},
	{
		name: 'geo: out of date, secondary redirects to the primary host, .netrc for both hosts (works, warn)',
		ref: 'docs/gitlab.md §3.1; docs/curl.md §1 (libcurl reads .netrc for the host it is redirected to)',
		module: TOP,
		secondary: {outdatedRepos: ['group/project'], geoRedirectMode: 'redirect-to-primary'},
		env: () => ({goEnv: PRIVATE, netrc: BOTH, insteadOf: TO_GEO}),
		goSucceeds: true,
		expect: {'geo-secondary': 'warn'},
		says: {'geo-secondary': /redirected git to the primary gitlab\.test/},
	},
	{
		name: 'geo: --geo-secondary given but no insteadOf rule (go uses the primary; warn)',
		ref: 'DESIGN.md (--geo-secondary); seed "Use HTTP to access the Geo secondary" step 1',
		module: SUBGROUP,
		secondary: {},
		env: () => ({goEnv: PRIVATE, netrc: BOTH}),
		args: ['--geo-secondary', GEO],
		goSucceeds: true,
		expect: {'geo-secondary': 'warn'},
		says: {'geo-secondary': /no insteadOf rule sends git to geo\.gitlab\.test/},
	},
	{
		name: 'geo: no secondary at all (skip)',
		ref: 'DESIGN.md (a check the situation does not call for reports skip)',
		module: SUBGROUP,
		env: () => ({goEnv: PRIVATE, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: true,
		expect: {'geo-secondary': 'skip', 'go-proxy': 'skip'},
	},

	// GitLab's Go proxy (docs/gitlab.md §4; docs/go.md §3.3, §3.4).
	{
		name: 'go proxy: feature flag on, read_api token, GONOSUMDB',
		ref: 'docs/gitlab.md §4 (client config: GOPROXY, .netrc, GONOSUMDB)',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project')), GONOSUMDB: HOST}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: true,
		expect: {'go-proxy': 'pass'},
		says: {'go-proxy': /lists 1 version of/},
	},
	{
		name: 'go proxy: feature flag off (the default), proxy is the only GOPROXY entry',
		ref: 'docs/gitlab.md §4 (go_proxy default_enabled: false → 404); docs/go.md §3.3 (last entry: no fallback)',
		module: SUBGROUP,
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project')), GONOSUMDB: HOST}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /go_proxy feature flag is off/},
	},
	{
		name: 'go proxy: feature flag off, ",direct" after it (Go falls back to git; warn)',
		ref: 'docs/go.md §3.3 ("," falls back on 404/410)',
		module: SUBGROUP,
		env: ({projectId}) => ({goEnv: {GOPROXY: `${proxyUrl(projectId('group/sub/project'))},direct`, GONOSUMDB: HOST}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: true,
		expect: {'go-proxy': 'warn'},
		says: {'go-proxy': /falls back to fetching with git/},
	},
	{
		name: 'go proxy: token GitLab does not know, ",direct" after it (401 stops Go)',
		ref: 'docs/gitlab.md §4 (401); docs/go.md §3.3 ("," falls back only on 404/410)',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: `${proxyUrl(projectId('group/sub/project'))},direct`, GONOSUMDB: HOST}, netrc: line('alice', UNKNOWN_TOKEN, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /401 Unauthorized/},
	},
	{
		name: 'go proxy: CI job token in .netrc (works for discovery and git, not for the proxy)',
		ref: 'docs/gitlab.md §4 (job token via Basic not accepted by the Go proxy), docs/gitlab.md §6 #9',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project')), GONOSUMDB: HOST}, netrc: line('gitlab-ci-token', ALICE_JOB, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /CI job token/},
	},
	{
		name: 'go proxy: guest user (403: cannot read packages)',
		ref: 'docs/gitlab.md §4 (authenticated without read_package → 403)',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project')), GONOSUMDB: HOST}, netrc: line('carol', CAROL_GUEST, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /403 Forbidden/},
	},
	{
		name: 'go proxy: project ID of another project',
		ref: 'docs/gitlab.md §4 (unknown module → 404 {"message":"404 Not Found"})',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/project')), GONOSUMDB: HOST}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /is group\/project, not the project of/},
	},
	{
		name: 'go proxy: GONOSUMDB missing (checksum database lookup fails)',
		ref: 'docs/go.md §3.4; docs/gitlab.md §4 (docs: GONOSUMDB)',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project'))}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /checksum database/},
	},
	{
		name: 'go proxy: GOPRIVATE covers the module, so Go never asks the proxy (skip)',
		ref: 'docs/go.md §3.2–§3.3 (GONOPROXY defaults to GOPRIVATE; noproxy entry first)',
		module: SUBGROUP,
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project')), GOPRIVATE: HOST}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: true,
		expect: {'go-proxy': 'skip'},
		says: {'go-proxy': /GOPRIVATE covers/},
	},
];

describe('conformance: geo-secondary and go-proxy agree with the real go', {skip: skipReason, concurrency: CONCURRENCY}, () => {
	const suite = scenarioSuite('geo/proxy conformance');

	// Every scenario on every installed Go release, as in conformance.test.ts.
	const {releases} = scenarioReleases();
	for (const release of releases) for (const scenario of selected(scenarios)) {
		// The margin: the secondary starts too.
		test(`${release ? `[go ${release.release}] ` : ''}${scenario.name} (go ${scenario.goSucceeds ? 'succeeds' : 'fails'}) [${scenario.ref}]`, {timeout: SCENARIO_TIMEOUT_MS + 10_000}, async t => {
			const {byId, context, observed} = await suite.run(t, scenario, {
				release,
				alongside: (primary, pki) => (scenario.secondary ? startFakeGitlab({pki, role: 'secondary', primary, host: GEO, ...scenario.secondary}) : undefined),
				note: document => Object.keys(scenario.expect).map(id => `${id} ${document?.checks.find(check => check.id === id)?.status ?? '?'}`).join(', '),
			});
			const {plain} = observed;
			for (const [id, status] of Object.entries(scenario.expect) as Array<[CheckId, Status]>) {
				const check = byId.get(id);
				assert.equal(check?.status, status, `${id} should be ${status}\n${JSON.stringify(check, null, 2)}\n${context()}`);
				// Plain mode tells the same story: the summary is printed.
				assert.ok(sameWords(plain.stdout).includes(sameWords(check.summary)), `plain output lacks the ${id} summary: ${check.summary}\n${plain.stdout}`);
				if (status === 'fail' || status === 'warn') assert.ok(check.fixes.length > 0 || check.details.length > 0, `${id} ${status} explains nothing`);
				if (status === 'fail') assert.ok(check.fixes.length > 0, `${id} fails without a fix`);
			}
			for (const [id, pattern] of Object.entries(scenario.says ?? {}) as Array<[CheckId, RegExp]>) {
				assert.match(byId.get(id)?.summary ?? '', pattern, `${id} summary\n${context()}`);
			}
		});
	}
});
