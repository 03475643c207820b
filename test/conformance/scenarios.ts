// The conformance table: each scenario is one fake GitLab, one isolated environment and one module path. The real
// `go mod download` and `gitlab-go-check` run in it; `goSucceeds` is what the real go does there (asserted, so a
// wrong scenario shows), `failingCheck` the check that names the cause when it fails.
// References: docs/{go,git,curl,openssh,gitlab}.md, cited per scenario as file §section.
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {CheckId, Status} from '../../source/engine/types.js';
import type {FakeGitlabOptions, IsolatedEnvOptions, ProjectSpec, TokenSpec, UserSpec} from '../fake-gitlab/index.js';

export const HOST = 'gitlab.test';

// Secrets. Several have no GitLab prefix (tokens before 14.5, passwords) so that a leak cannot hide behind the
// redactor's by-shape scrubbing of `glpat-…`.
export const ALICE_READ_API = 'glpat-aliceReadApi0000001';
export const ALICE_REPO_ONLY = 'glpat-aliceReadRepo000002';
export const ALICE_EXPIRED = 'glpat-aliceExpired0000003';
export const ALICE_REVOKED = 'glpat-aliceRevoked0000004';
export const BOB_API = 'glpat-bobApiNoAccess00005';
export const CAROL_GUEST = 'glpat-carolGuest000000006';
export const UNKNOWN_TOKEN = 'glpat-neverIssued00000007';
export const ALICE_JOB = 'glcbt-aliceJobToken000008';
export const DEPLOY_TOKEN = 'gldt-deployRepoOnly00009';
export const LEGACY_TOKEN = 'Qx7vK2mPz9RtL4vNw8sY'; // 20 characters, no prefix: a token from before GitLab 14.5
export const HELPER_TOKEN = 'glpat-fromCredHelper00010';
export const ALICE_READ_USER = 'glpat-aliceReadUser000011';
export const ALICE_PASSWORD = 'alice-account-Pw-2718281';
export const PROXY_PASSWORD = 'proxy-Secret-3141592';
export const DEPLOY_USER = 'gitlab+deploy-token-1';

/** Every secret any scenario holds; none may appear in any output of any scenario. */
export const SECRETS = [
	ALICE_READ_API,
	ALICE_REPO_ONLY,
	ALICE_EXPIRED,
	ALICE_REVOKED,
	BOB_API,
	CAROL_GUEST,
	UNKNOWN_TOKEN,
	ALICE_JOB,
	DEPLOY_TOKEN,
	LEGACY_TOKEN,
	HELPER_TOKEN,
	ALICE_READ_USER,
	ALICE_PASSWORD,
	PROXY_PASSWORD,
];
/** The logins the secrets are sent with (for the HTTP Basic form of a leak). */
export const LOGINS = ['alice', 'bob', 'carol', 'oauth2', 'gitlab-ci-token', DEPLOY_USER, 'proxyuser', ''];

export const BASE_PROJECTS: ProjectSpec[] = [
	{path: 'pub/lib', visibility: 'public'},
	{path: 'group/project', members: {alice: 'reporter'}},
	{path: 'group/sub/project', members: {alice: 'reporter', carol: 'guest'}},
	{path: 'group/renamed', members: {alice: 'developer'}, redirectFrom: ['group/old-name']},
	{path: 'group/empty', members: {alice: 'owner'}, hasRepo: false},
	{path: 'group/sub/qualified', members: {alice: 'reporter'}, goModule: `${HOST}/group/sub/qualified.git`},
];

export const BASE_USERS: UserSpec[] = [{username: 'alice', password: ALICE_PASSWORD}, {username: 'bob'}, {username: 'carol'}];

export const BASE_TOKENS: TokenSpec[] = [
	{token: ALICE_READ_API, username: 'alice', scopes: ['read_api'], name: 'go modules', expiresAt: '2099-12-31'},
	{token: ALICE_REPO_ONLY, username: 'alice', scopes: ['read_repository']},
	{token: ALICE_EXPIRED, username: 'alice', scopes: ['api'], expiresAt: '2020-01-01'},
	{token: ALICE_REVOKED, username: 'alice', scopes: ['api'], revoked: true},
	{token: BOB_API, username: 'bob', scopes: ['api']},
	{token: CAROL_GUEST, username: 'carol', scopes: ['read_api']},
	{token: ALICE_JOB, username: 'alice', kind: 'job'},
	{token: DEPLOY_TOKEN, username: DEPLOY_USER, kind: 'deploy', scopes: ['read_repository']},
	{token: HELPER_TOKEN, username: 'alice', scopes: ['read_repository']},
	{token: ALICE_READ_USER, username: 'alice', scopes: ['read_user']},
];

export type Scenario = {
	name: string;
	/** Where the behaviour is described (reference file §section). */
	ref: string;
	/** The path given to `go mod download` and to the tool. */
	module: string;
	/** Instance options on top of the base projects, users and tokens (which these lists replace when given). */
	gitlab?: Omit<FakeGitlabOptions, 'pki'>;
	/** The isolated environment (the CA and HTTPS_PROXY are filled in). */
	env?: Omit<IsolatedEnvOptions, 'pki' | 'proxy'>;
	/** The CONNECT proxy demands these credentials (407 otherwise). */
	proxyAuth?: {username: string; password: string};
	/** HTTPS_PROXY carries the proxy credentials as userinfo. */
	proxyCredentialsInUrl?: boolean;
	/** What the real go does here. */
	goSucceeds: boolean;
	/** When go fails: the check that names the cause; it must fail. A list: every one of them must fail. */
	failingCheck?: CheckId | CheckId[];
	/** Further claims about single checks (e.g. go-import skipped for a VCS-qualified path). */
	statuses?: Partial<Record<CheckId, Status>>;
	/** Hosts go reached for that the CONNECT proxy refused (public proxy, checksum database). */
	refused?: string[];
	/** The tool cannot judge this failure mode yet: why. */
	todo?: string;
	/** A go.mod in the directory where go and the tool run. */
	goMod?: string;
	/** What a Go release ("1.19", "1.23", "1.24") does differently: replaces goSucceeds/failingCheck/refused there. */
	perRelease?: Partial<Record<string, {goSucceeds: boolean; failingCheck?: CheckId | CheckId[]; refused?: string[]}>>;
};

const PRIVATE = {GOPRIVATE: HOST};
const netrc = (login: string, secret: string, machine = HOST) => `machine ${machine} login ${login} password ${secret}\n`;
const NETRC_ALICE = netrc('alice', ALICE_READ_API);
const SUBGROUP = `${HOST}/group/sub/project`;
const TOP = `${HOST}/group/project`;
/** A credential helper that answers `get` with alice's token (and ignores store/erase). */
const helper = (secret: string) => `[credential]\n\thelper = "!f() { test \\"$1\\" = get || return 0; echo username=alice; echo password=${secret}; }; f"\n`;

export const scenarios: Scenario[] = [
	// Healthy set-ups.
	{
		name: 'public project, no credentials',
		ref: 'docs/gitlab.md §1.3 (public: credentials ignored), docs/gitlab.md §5.1 (anonymous clone of public)',
		module: `${HOST}/pub/lib`,
		env: {goEnv: PRIVATE},
		goSucceeds: true,
	},
	{
		name: 'private subgroup, read_api token in ~/.netrc',
		ref: 'docs/gitlab.md §1.3, §1.6 (read_api gives read_project); docs/curl.md §1 (curl reads the same ~/.netrc)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: true,
	},
	{
		name: 'private two-element project, credentials only from a git credential helper',
		ref: 'docs/gitlab.md §1.3 (anonymous: first two segments, right for a two-element path); docs/git.md §2 (helper)',
		module: TOP,
		env: {goEnv: PRIVATE, gitConfig: helper(HELPER_TOKEN)},
		goSucceeds: true,
	},
	{
		name: 'read_repository token with the .git qualifier (go-import skipped)',
		ref: 'docs/go.md §5.2 (VCS qualifier: no ?go-get=1); docs/gitlab.md §5.1 (read_repository clones)',
		module: `${HOST}/group/sub/qualified.git`,
		env: {goEnv: PRIVATE, netrc: netrc('alice', ALICE_REPO_ONLY)},
		goSucceeds: true,
		statuses: {'go-import': 'skip'},
	},
	{
		name: 'CI job token in ~/.netrc (gitlab-ci-token)',
		ref: 'docs/gitlab.md §1.6 (job token: read_project as the job user), docs/gitlab.md §6 #9',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc('gitlab-ci-token', ALICE_JOB)},
		goSucceeds: true,
	},
	{
		name: 'account password in ~/.netrc, instance allows passwords for Git',
		ref: 'docs/gitlab.md §1.6 step 7 (user password when password auth for Git is enabled)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc('alice', ALICE_PASSWORD)},
		goSucceeds: true,
	},
	{
		name: '`default`-only .netrc, two-element project',
		ref: 'docs/curl.md §1.3 (curl uses default, Go never does); docs/gitlab.md §1.3 (anonymous two segments)',
		module: TOP,
		env: {goEnv: PRIVATE, netrc: `default login alice password ${ALICE_READ_API}\n`},
		goSucceeds: true,
	},
	{
		name: 'credentials embedded in an insteadOf URL, NETRC for Go (works; warn only)',
		ref: 'docs/git.md §1 (insteadOf), docs/curl.md §1.1 (curl 7.88 ignores NETRC); docs/go.md §1.1 (Go reads NETRC)',
		module: SUBGROUP,
		env: {
			goEnv: PRIVATE,
			netrc: NETRC_ALICE,
			netrcLocation: 'env',
			insteadOf: [{base: `https://alice:${ALICE_READ_API}@${HOST}/`, insteadOf: `https://${HOST}/`}],
		},
		goSucceeds: true,
		statuses: {'git-route': 'warn'},
	},
	{
		name: 'GOPROXY=off with GOPRIVATE (noproxy comes first)',
		ref: 'docs/go.md §3.3 (GOPROXY=off still allows modules matching GONOPROXY)',
		module: SUBGROUP,
		env: {goEnv: {...PRIVATE, GOPROXY: 'off'}, netrc: NETRC_ALICE},
		goSucceeds: true,
	},
	{
		name: 'GOPROXY=direct and GOSUMDB=off, no GOPRIVATE',
		ref: 'docs/go.md §3.3 (direct), docs/go.md §3.4 (GOSUMDB=off)',
		module: SUBGROUP,
		env: {goEnv: {GOPROXY: 'direct', GOSUMDB: 'off'}, netrc: NETRC_ALICE},
		goSucceeds: true,
	},
	{
		name: 'proxy that demands auth, credentials in HTTPS_PROXY',
		ref: 'docs/go.md §8 (proxy from the environment, userinfo)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		proxyAuth: {username: 'proxyuser', password: PROXY_PASSWORD},
		proxyCredentialsInUrl: true,
		goSucceeds: true,
	},
	{
		name: 'legacy GitLab 17.0, read_api token (healthy)',
		ref: 'docs/gitlab.md §1.7 (legacy go-get, go-source tag)',
		module: SUBGROUP,
		gitlab: {instanceVersion: '17.0.0'},
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: true,
	},
	{
		name: 'GitLab 14.3 (no /personal_access_tokens/self, no /metadata), unprefixed token (healthy)',
		ref: 'docs/gitlab.md §2.3 (self endpoint since 15.5), docs/gitlab.md §2.5 (/metadata since 15.2), docs/gitlab.md §2.6 (prefixes since 14.5)',
		module: SUBGROUP,
		gitlab: {instanceVersion: '14.3.0', tokens: [{token: LEGACY_TOKEN, username: 'alice', scopes: ['read_api']}]},
		env: {goEnv: PRIVATE, netrc: netrc('alice', LEGACY_TOKEN)},
		goSucceeds: true,
	},
	{
		name: 'API answers 500 but go-get and git work',
		ref: 'docs/go.md §5 (go never calls the REST API)',
		module: SUBGROUP,
		gitlab: {hostile: [{mode: 'status-500', path: '/api/'}]},
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: true,
	},
	{
		name: 'GitLab under a relative URL root (/gitlab)',
		ref: 'docs/gitlab.md §1.4 (ROOT includes the relative URL root)',
		module: `${HOST}/gitlab/group/sub/project`,
		gitlab: {
			externalUrl: `https://${HOST}/gitlab`,
			projects: [{path: 'group/sub/project', members: {alice: 'reporter'}, goModule: `${HOST}/gitlab/group/sub/project`}],
		},
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: true,
	},

	// Go's own settings.
	{
		name: 'GO111MODULE=off',
		ref: 'docs/go.md §0 (1.22: GOPATH-mode go get unsupported); go mod download refuses to run',
		module: SUBGROUP,
		env: {goEnv: {...PRIVATE, GO111MODULE: 'off'}, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'go-env',
	},
	{
		name: 'GOVCS forbids git for the host',
		ref: 'docs/go.md §3.6 (GOVCS disallows using git)',
		module: SUBGROUP,
		env: {goEnv: {...PRIVATE, GOVCS: `${HOST}:off`}, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'private-module',
	},
	{
		name: 'module path with only one element after the host',
		ref: 'docs/gitlab.md §1.3 (no project: 404), docs/gitlab.md §1.2',
		module: `${HOST}/group`,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'module-path',
	},

	// Go's private-module settings.
	{
		name: 'GOPRIVATE unset: go asks proxy.golang.org',
		ref: 'docs/go.md §3.3 (default GOPROXY), docs/gitlab.md §6 #3',
		module: SUBGROUP,
		env: {netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'private-module',
		refused: ['proxy.golang.org'],
	},
	{
		name: 'GOPRIVATE with https:// never matches',
		ref: 'docs/go.md §3.1 (glob on path elements), docs/gitlab.md §6 #3 (golang/go#64223)',
		module: SUBGROUP,
		env: {goEnv: {GOPRIVATE: `https://${HOST}`}, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'private-module',
		refused: ['proxy.golang.org'],
	},
	{
		name: 'GOPRIVATE list with a space after the comma',
		ref: 'docs/go.md §3.1 (no whitespace trimming)',
		module: SUBGROUP,
		env: {goEnv: {GOPRIVATE: `example.com, ${HOST}`}, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'private-module',
		refused: ['proxy.golang.org'],
	},
	{
		name: 'GONOSUMDB=none overrides GOPRIVATE: checksum database asked',
		ref: 'docs/go.md §3.2 (any non-empty value overrides), docs/go.md §3.4',
		module: SUBGROUP,
		env: {goEnv: {...PRIVATE, GONOSUMDB: 'none'}, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'private-module',
		refused: ['proxy.golang.org'],
	},
	{
		name: 'GONOPROXY=none overrides GOPRIVATE: public proxy asked',
		ref: 'docs/go.md §3.2, §3.3',
		module: SUBGROUP,
		env: {goEnv: {...PRIVATE, GONOPROXY: 'none'}, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'private-module',
		refused: ['proxy.golang.org'],
	},
	{
		name: 'GOPROXY=off without GOPRIVATE',
		ref: 'docs/go.md §3.3 (module lookup disabled by GOPROXY=off)',
		module: SUBGROUP,
		env: {goEnv: {GOPROXY: 'off'}, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'private-module',
	},

	// .netrc and the credential Go sends.
	{
		name: 'private subgroup without any credentials (two-segment fallback)',
		ref: 'docs/gitlab.md §1.3 (anonymous: first two segments), docs/gitlab.md §6 #1',
		module: SUBGROUP,
		env: {goEnv: PRIVATE},
		goSucceeds: false,
		failingCheck: 'go-import',
	},
	{
		name: '`default`-only .netrc, private subgroup',
		ref: 'docs/curl.md §1.3 (Go never uses default; curl does); docs/gitlab.md §1.3',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: `default login alice password ${ALICE_READ_API}\n`},
		goSucceeds: false,
		failingCheck: 'go-import',
	},
	{
		name: 'netrc entry `machine gitlab.test:443`',
		ref: 'docs/go.md §1.3 (≤1.23: host without port; the entry names host:443), docs/curl.md §1.1 (curl: host name only)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc('alice', ALICE_READ_API, `${HOST}:443`)},
		goSucceeds: false,
		failingCheck: 'go-import',
	},
	{
		name: 'password-only netrc entry (no login)',
		ref: 'docs/go.md §1.2 (entries without login are dropped); docs/curl.md §1.3 (curl sends :p)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: `machine ${HOST} password ${ALICE_READ_API}\n`},
		goSucceeds: false,
		failingCheck: 'go-import',
	},
	{
		name: 'NETRC points where git never looks',
		ref: 'docs/go.md §1.1 (Go reads NETRC); docs/curl.md §1.1 (curl 7.88 ignores it), docs/git.md §5.3 (terminal prompts disabled)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE, netrcLocation: 'env'},
		goSucceeds: false,
		failingCheck: 'git-access',
	},

	// The token.
	{
		name: 'expired token',
		ref: 'docs/gitlab.md §1.3 (Authorization present, not readable: 404), docs/gitlab.md §2.2 (Token is expired)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc('alice', ALICE_EXPIRED)},
		goSucceeds: false,
		failingCheck: 'token',
	},
	{
		name: 'revoked token',
		ref: 'docs/gitlab.md §1.3, §2.2 (Token was revoked)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc('alice', ALICE_REVOKED)},
		goSucceeds: false,
		failingCheck: 'token',
	},
	{
		name: 'unknown token',
		ref: 'docs/gitlab.md §1.3, §2.2 (401 Unauthorized)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc('alice', UNKNOWN_TOKEN)},
		goSucceeds: false,
		failingCheck: 'token',
	},
	{
		name: 'read_repository-only token',
		ref: 'docs/gitlab.md §1.6 (read_repository lacks read_project: 404), docs/gitlab.md §6 #2',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc('alice', ALICE_REPO_ONLY)},
		goSucceeds: false,
		failingCheck: 'token',
	},
	{
		name: 'read_user-only token',
		ref: 'docs/gitlab.md §1.3 (read_user: 404), docs/gitlab.md §2.2 (403 insufficient_scope)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc('alice', ALICE_READ_USER)},
		goSucceeds: false,
		failingCheck: 'token',
	},
	{
		name: 'deploy token (no read_project)',
		ref: 'docs/gitlab.md §1.6 (deploy tokens never have read_project)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc(DEPLOY_USER, DEPLOY_TOKEN)},
		goSucceeds: false,
		failingCheck: 'token',
	},
	{
		name: 'user without access to the project',
		ref: 'docs/gitlab.md §1.3 (valid PAT, no access: 404)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc('bob', BOB_API)},
		goSucceeds: false,
		failingCheck: 'token',
	},
	{
		name: 'legacy GitLab 17.0, user without access (two-segment answer)',
		ref: 'docs/gitlab.md §1.7 (legacy: 2-segment answer also for authenticated-without-access)',
		module: SUBGROUP,
		gitlab: {instanceVersion: '17.0.0'},
		env: {goEnv: PRIVATE, netrc: netrc('bob', BOB_API)},
		goSucceeds: false,
		failingCheck: 'token',
	},
	{
		name: 'account password in ~/.netrc, password auth for Git disabled',
		ref: 'docs/gitlab.md §1.3 (MissingPersonalAccessTokenError: 404), docs/gitlab.md §1.6',
		module: SUBGROUP,
		gitlab: {passwordAuthForGit: false},
		env: {goEnv: PRIVATE, netrc: netrc('alice', ALICE_PASSWORD)},
		goSucceeds: false,
		// The token step cannot see the instance setting (it can only say the secret is no token); the go-get answer to
		// the credentials Go sends is where the refusal shows.
		failingCheck: 'go-import',
	},

	// The go-import answer.
	{
		name: 'renamed project (redirect route: prefix mismatch)',
		ref: 'docs/gitlab.md §1.2 step 4 (redirect: new canonical path), docs/gitlab.md §6 #10; docs/go.md §5.6',
		module: `${HOST}/group/old-name`,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'go-import',
	},
	{
		name: 'instance answers with another external URL (host alias)',
		ref: 'docs/gitlab.md §1.4 (ROOT is the external URL); docs/go.md §5.6',
		module: SUBGROUP,
		gitlab: {externalUrl: `https://code.${HOST}`, altNames: [`code.${HOST}`]},
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'go-import',
	},
	{
		name: 'project without a repository',
		ref: 'docs/gitlab.md §1.3 (readable, no repository: 404)',
		module: `${HOST}/group/empty`,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'go-import',
	},
	{
		name: 'hostile instance: every answer is the sign-in page',
		ref: 'docs/go.md §5.5, §5.6 (no go-import meta tags)',
		module: SUBGROUP,
		gitlab: {hostile: 'html-login-page'},
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'go-import',
	},
	{
		name: 'hostile instance: every answer is 500',
		ref: 'docs/go.md §5.4 (no tags and non-200: the HTTP error)',
		module: SUBGROUP,
		gitlab: {hostile: 'status-500'},
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'go-import',
	},

	// git's route, credentials and access.
	{
		name: '.git qualifier without credentials',
		ref: 'docs/go.md §5.2 (qualifier: git ls-remote per scheme); docs/git.md §5.3',
		module: `${HOST}/group/sub/qualified.git`,
		env: {goEnv: PRIVATE},
		goSucceeds: false,
		failingCheck: 'git-access',
	},
	{
		name: 'insteadOf to SSH git@gitlab.test: (ssh cannot resolve the name)',
		ref: 'docs/git.md §1.2 (scp-like target), docs/openssh.md §4; docs/go.md §6',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE, insteadOf: [{base: `git@${HOST}:`, insteadOf: `https://${HOST}/`}]},
		goSucceeds: false,
		failingCheck: 'git-access',
	},
	{
		name: 'insteadOf to a wrong project path',
		ref: 'docs/git.md §1.1 (prefix replaced byte for byte)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE, insteadOf: [{base: `https://${HOST}/other/`, insteadOf: `https://${HOST}/group/`}]},
		goSucceeds: false,
		failingCheck: 'git-route',
	},
	{
		name: 'insteadOf to a local path (git@gitlab.test/)',
		ref: 'docs/git.md §1.2 (no colon: a local path)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE, insteadOf: [{base: `git@${HOST}/`, insteadOf: `https://${HOST}/`}]},
		goSucceeds: false,
		failingCheck: 'git-route',
	},
	{
		name: 'a quote curl cannot parse in ~/.netrc (Go reads on)',
		ref: 'docs/curl.md §1.2 (unterminated quote: .netrc parser error), docs/go.md §1.2 (no quoting)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: `machine other.test login x password "unterminated\n${NETRC_ALICE}`},
		goSucceeds: false,
		failingCheck: 'git-auth',
	},
	{
		name: 'insteadOf adds a user name but git has no password',
		ref: 'docs/git.md §2.1, §5.3 (could not read Password … terminal prompts disabled)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE, netrcLocation: 'env', insteadOf: [{base: `https://alice@${HOST}/`, insteadOf: `https://${HOST}/`}]},
		goSucceeds: false,
		failingCheck: 'git-access',
	},
	{
		name: 'credential helper hands git an expired token (Go uses NETRC)',
		ref: 'docs/git.md §2 (helper), docs/gitlab.md §5.1 (wrong credentials: 401 Access denied)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE, netrcLocation: 'env', gitConfig: helper(ALICE_EXPIRED)},
		goSucceeds: false,
		failingCheck: 'git-access',
	},
	{
		name: "git's http.proxy points at a closed port",
		ref: 'docs/go.md §8 (git has its own proxy settings); docs/git.md §5.3',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE, gitConfig: '[http]\n\tproxy = http://127.0.0.1:9\n'},
		goSucceeds: false,
		failingCheck: 'git-access',
	},
	{
		name: 'guest member: sees the project, may not download code',
		ref: 'docs/gitlab.md §1.3 (guest can read_project), docs/gitlab.md §5.1 (403 You are not allowed to download code)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: netrc('carol', CAROL_GUEST)},
		goSucceeds: false,
		failingCheck: 'git-access',
	},
	{
		name: 'SSH-only instance (go-import names ssh://)',
		ref: 'docs/gitlab.md §1.4 (SSH only: ssh://git@HOST/…), docs/git.md §4',
		module: SUBGROUP,
		gitlab: {sshOnly: true},
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'git-access',
	},
	{
		name: 'git does not trust the CA that Go trusts',
		ref: 'docs/go.md §8 (git has its own CA settings), docs/git.md §5.3',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE, gitTrustsCa: false},
		goSucceeds: false,
		failingCheck: 'git-access',
	},

	// Reaching the host.
	{
		name: 'Go does not trust the CA',
		ref: 'docs/go.md §8 (SSL_CERT_FILE), docs/go.md §7 (x509: certificate signed by unknown authority)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE, goTrustsCa: false},
		goSucceeds: false,
		failingCheck: 'https',
	},
	{
		name: 'expired server certificate',
		ref: 'docs/go.md §7 (x509)',
		module: SUBGROUP,
		gitlab: {tls: 'expired'},
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'https',
	},
	{
		name: 'certificate for another name',
		ref: 'docs/go.md §7 (x509)',
		module: SUBGROUP,
		gitlab: {tls: 'wrong-name'},
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		goSucceeds: false,
		failingCheck: 'https',
	},
	{
		name: 'CONNECT proxy demands auth (407)',
		ref: 'docs/go.md §8 (proxy from the environment)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE},
		proxyAuth: {username: 'proxyuser', password: PROXY_PASSWORD},
		goSucceeds: false,
		failingCheck: 'https',
	},
	{
		name: 'NO_PROXY covers the host (no DNS for it)',
		ref: 'docs/go.md §8 (NO_PROXY: domain matches itself and subdomains)',
		module: SUBGROUP,
		env: {goEnv: PRIVATE, netrc: NETRC_ALICE, env: {NO_PROXY: HOST, no_proxy: HOST}},
		goSucceeds: false,
		failingCheck: 'https',
	},

	...versionKeyedScenarios(),
];

/**
 * A GOAUTH command (Go 1.24+) that prints alice's read_api token for the host as go's format wants it. A script, so
 * that no secret sits in the GOAUTH value itself; written once per test process and removed at exit.
 */
function goauthHelperScript(): string {
	const dir = mkdtempSync(join(tmpdir(), 'goauth-helper-'));
	process.once('exit', () => rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	const script = join(dir, 'gitlab-goauth');
	const basic = Buffer.from(`alice:${ALICE_READ_API}`).toString('base64');
	writeFileSync(script, `#!/bin/sh\n# Go runs it once without a URL, then with the URL after a 4xx: the answer is the same.\nprintf 'https://${HOST}\\n\\nAuthorization: Basic ${basic}\\n\\n'\n`);
	chmodSync(script, 0o755);
	return script;
}

/** Issue 10: rules keyed on the Go release that runs; each runs on every installed release (perRelease differences). */
function versionKeyedScenarios(): Scenario[] {
	const gitHelper = helper(HELPER_TOKEN);
	const toolchainGoMod = 'module example.com/app\n\ngo 1.99\n';
	return [
		{
			name: 'netrc `machine https://gitlab.test` (scheme form): only Go 1.24+ strips https://',
			ref: 'go 1.19/1.23 src/cmd/go/internal/auth/auth.go (exact machine == host); go 1.24 auth.go storeCredential',
			module: SUBGROUP,
			env: {goEnv: PRIVATE, netrc: netrc('alice', ALICE_READ_API, `https://${HOST}`), gitConfig: gitHelper},
			goSucceeds: false,
			failingCheck: 'go-import',
			perRelease: {'1.24': {goSucceeds: true}},
		},
		{
			name: 'netrc `machine https://gitlab.test/` (trailing slash): no Go release uses it',
			ref: 'go 1.24 auth.go storeCredential (trims only "https://"), loadCredential',
			module: SUBGROUP,
			env: {goEnv: PRIVATE, netrc: netrc('alice', ALICE_READ_API, `https://${HOST}/`), gitConfig: gitHelper},
			goSucceeds: false,
			failingCheck: 'go-import',
		},
		{
			name: 'GOAUTH=off beside a good .netrc: Go 1.24 sends nothing, older Go ignores GOAUTH',
			ref: 'go 1.24 auth.go AddCredentials (GOAUTH=off); docs/gitlab.md §1.3',
			module: SUBGROUP,
			env: {goEnv: PRIVATE, netrc: NETRC_ALICE, env: {GOAUTH: 'off'}},
			goSucceeds: true,
			perRelease: {'1.24': {goSucceeds: false, failingCheck: 'go-import'}},
		},
		{
			name: 'GOAUTH=git DIR alone, private subgroup: GitLab answers 200, so go never asks git',
			ref: 'go 1.24 web/http.go (GOAUTH asked again only after a 4xx), auth.go runGitAuth; docs/gitlab.md §1.3',
			module: SUBGROUP,
			env: {goEnv: PRIVATE, gitConfig: helper(ALICE_READ_API), env: {GOAUTH: 'git /'}},
			goSucceeds: false,
			failingCheck: 'go-import',
		},
		{
			name: 'GOAUTH=git DIR, flat private project: git credentials alone are enough',
			ref: 'docs/gitlab.md §1.3 (anonymous answer names the first two segments: right for group/project)',
			module: TOP,
			env: {goEnv: PRIVATE, gitConfig: gitHelper, env: {GOAUTH: 'git /'}},
			goSucceeds: true,
		},
		{
			name: 'GOAUTH command supplies the token: Go 1.24 uses it, older Go has no GOAUTH',
			ref: 'go 1.24 auth/userauth.go (runAuthCommand, parseUserAuth), auth.go runGoAuth',
			module: SUBGROUP,
			env: {goEnv: PRIVATE, gitConfig: gitHelper, env: {GOAUTH: goauthHelperScript()}},
			goSucceeds: false,
			failingCheck: 'go-import',
			perRelease: {'1.24': {goSucceeds: true}},
		},
		{
			name: 'GOAUTH=netrc;git DIR with a good .netrc',
			ref: 'go 1.24 auth.go runGoAuth (methods separated by ";")',
			module: SUBGROUP,
			env: {goEnv: PRIVATE, netrc: NETRC_ALICE, env: {GOAUTH: 'netrc;git /'}},
			goSucceeds: true,
		},
		{
			name: 'GOAUTH malformed (`off;netrc`): Go 1.24 stops with its own message',
			ref: 'go 1.24 auth.go runGoAuth (off cannot be combined)',
			module: SUBGROUP,
			env: {goEnv: PRIVATE, netrc: NETRC_ALICE, env: {GOAUTH: 'off;netrc'}},
			goSucceeds: true,
			perRelease: {'1.24': {goSucceeds: false, failingCheck: 'go-env'}},
		},
		{
			name: 'safe.bareRepository=explicit: Go 1.21+ sets GIT_DIR, Go 1.19 runs git in its bare cache repository without it',
			ref: 'go 1.21 src/cmd/go/internal/modfetch/codehost/codehost.go (RunWithArgs: GIT_DIR); go 1.19 codehost/git.go',
			module: SUBGROUP,
			env: {goEnv: PRIVATE, netrc: NETRC_ALICE, gitConfig: '[safe]\n\tbareRepository = explicit\n'},
			goSucceeds: true,
			perRelease: {'1.19': {goSucceeds: false, failingCheck: 'git-access'}},
		},
		{
			name: 'go.mod asks for go 1.99 with GOPROXY=off: the toolchain switch cannot download (Go 1.21+)',
			ref: 'go src/cmd/go/internal/toolchain/select.go (Select, Exec); Go 1.19 predates toolchain switching',
			module: TOP,
			goMod: toolchainGoMod,
			env: {goEnv: {...PRIVATE, GOPROXY: 'off'}, netrc: NETRC_ALICE, env: {GOTOOLCHAIN: 'auto'}},
			goSucceeds: false,
			failingCheck: 'go-env',
			perRelease: {'1.19': {goSucceeds: true}},
		},
		{
			name: 'go.mod asks for go 1.99 and proxy.golang.org is out of reach: the switch cannot download',
			ref: 'go src/cmd/go/internal/toolchain/select.go (Exec: module golang.org/toolchain through GOPROXY)',
			module: TOP,
			goMod: toolchainGoMod,
			env: {goEnv: PRIVATE, netrc: NETRC_ALICE, env: {GOTOOLCHAIN: 'auto'}},
			goSucceeds: false,
			failingCheck: 'go-env',
			perRelease: {'1.19': {goSucceeds: true}},
		},
	];
}
