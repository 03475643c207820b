// The set-ups `npm run demo` can start: one healthy, several broken the way users break them. Each names the fake
// GitLab it needs and the isolated environment (docs/field-failures.md §1 lists the failures they come from).
import type {FakeGitlabOptions, IsolatedEnvOptions} from '../../test/fake-gitlab/index.js';

export const HOST = 'gitlab.test';
export const GEO_HOST = 'geo.gitlab.test';
export const MODULE = `${HOST}/group/sub/project`;
export const TOKEN = 'glpat-demoDEMOdemoDEMO1234';
const REPO_ONLY_TOKEN = 'glpat-demoREADrepoONLY5678';
const EXPIRED_TOKEN = 'glpat-demoEXPIREDdemo9012';

const entry = (host: string, secret = TOKEN) => `machine ${host} login alice password ${secret}\n`;

export interface Setup {
	name: string;
	/** One line for --help. */
	about: string;
	/** A Geo secondary at GEO_HOST beside the instance. */
	secondary?: boolean;
	gitlab?: Partial<FakeGitlabOptions>;
	env: IsolatedEnvOptions;
	/** 0o644 and the like: .netrc readable by others. */
	netrcMode?: number;
	/** A Go repository (its go.mod) in ~/app, where the shell starts: try `gitlab-go-check` without MODULE there. */
	repository?: string;
}

export const gitlabBase: Partial<FakeGitlabOptions> = {
	projects: [
		{path: 'group/sub/project', members: {alice: 'reporter'}},
		{path: 'group/project', members: {alice: 'reporter'}},
	],
	tokens: [
		{token: TOKEN, username: 'alice', scopes: ['read_api']},
		{token: REPO_ONLY_TOKEN, username: 'alice', scopes: ['read_repository']},
		{token: EXPIRED_TOKEN, username: 'alice', scopes: ['read_api'], expiresAt: '2020-01-01'},
	],
};

const PRIVATE = {GOPRIVATE: HOST};

export const setups: Setup[] = [
	{name: 'healthy', about: 'GOPRIVATE set, a read_api token in ~/.netrc: go get works', env: {goEnv: PRIVATE, netrc: entry(HOST)}},
	{name: 'no-netrc', about: 'no ~/.netrc: GitLab answers with group/sub, and git has no credentials', env: {goEnv: PRIVATE}},
	{name: 'no-goprivate', about: 'GOPRIVATE unset: Go asks the public proxy and checksum database', env: {netrc: entry(HOST)}},
	{name: 'netrc-mode', about: '~/.netrc readable by everyone (mode 644)', env: {goEnv: PRIVATE, netrc: entry(HOST)}, netrcMode: 0o644},
	{name: 'read-repository', about: 'the token has read_repository only: git clones, discovery does not', env: {goEnv: PRIVATE, netrc: entry(HOST, REPO_ONLY_TOKEN)}},
	{name: 'expired-token', about: 'the ~/.netrc token has expired', env: {goEnv: PRIVATE, netrc: entry(HOST, EXPIRED_TOKEN)}},
	{name: 'netrc-env', about: 'NETRC names another file: Go reads it, git (libcurl 7.88) does not', env: {goEnv: PRIVATE, netrc: entry(HOST), netrcLocation: 'env'}},
	{name: 'git-untrusted-ca', about: "git's http.sslCAInfo names the wrong CA: Go connects, git does not", env: {goEnv: PRIVATE, netrc: entry(HOST), gitTrustsCa: false}},
	{
		name: 'geo',
		about: `git goes to the Geo secondary ${GEO_HOST} through insteadOf, with .netrc entries for both hosts`,
		secondary: true,
		env: {goEnv: PRIVATE, netrc: entry(HOST) + entry(GEO_HOST), insteadOf: [{base: `https://${GEO_HOST}/`, insteadOf: `https://${HOST}/`}]},
	},
	{
		name: 'repository',
		about: 'a Go module in ~/app that needs four private modules of gitlab.test; the token cannot see group/hidden',
		gitlab: {
			projects: [
				...(gitlabBase.projects ?? []),
				{path: 'group/lib', members: {alice: 'reporter'}},
				{path: 'group/hidden', members: {bob: 'reporter'}},
			],
			users: [{username: 'alice'}, {username: 'bob'}],
		},
		env: {goEnv: PRIVATE, netrc: entry(HOST)},
		repository: [
			'module example.com/app',
			'',
			'go 1.19',
			'',
			'require (',
			'\tgithub.com/pkg/errors v0.9.1',
			`\t${HOST}/group/project v1.0.0`,
			`\t${HOST}/group/sub/project v1.0.0`,
			`\t${HOST}/group/lib v1.0.0`,
			`\t${HOST}/group/hidden v1.0.0`,
			')',
			'',
		].join('\n'),
	},
	{
		name: 'geo-no-netrc',
		about: `as geo, but ~/.netrc has no entry for the secondary ${GEO_HOST}`,
		secondary: true,
		env: {goEnv: PRIVATE, netrc: entry(HOST), insteadOf: [{base: `https://${GEO_HOST}/`, insteadOf: `https://${HOST}/`}]},
	},
];

export function usage(): string {
	const width = Math.max(...setups.map(setup => setup.name.length));
	return [
		'npm run demo -- SETUP [--print | --run COMMAND [ARG…]]',
		'',
		`Starts the fake GitLab of the tests for ${HOST} (loopback only) with SETUP and opens a shell in a fully`,
		'isolated environment: its own HOME, ~/.netrc, git config, go env file and CA, nothing inherited from your',
		`machine but PATH. Try \`gitlab-go-check ${MODULE}\` or \`go mod download ${MODULE}@latest\` there;`,
		'leaving the shell stops the fake GitLab.',
		'',
		'  --print   print one line to paste into another terminal instead (Ctrl-C here stops the fake GitLab)',
		'  --run     run COMMAND in the isolated environment, print its output, stop, exit with its status',
		'',
		'SETUP:',
		...setups.map(setup => `  ${setup.name.padEnd(width)}  ${setup.about}`),
	].join('\n');
}
