// What each step hands to the steps after it: one map from check id to the type of its data, so a check reads
// `upstream.data('go-env')` typed, with no assertion, and only for the ids it declared (needs, after, startsBeside).
// The types live here, not in the check files, so no check imports another for a type.
import type {ToolchainReport} from '../checks/go-toolchain.js';
import type {TextFile} from '../checks/read-text.js';
import type {CurlNetrcParse} from '../rules/curl-netrc.js';
import type {GitFailure} from '../rules/git-errors.js';
import type {ResolvedSetting} from '../rules/go-env-file.js';
import type {GoNetrcParse} from '../rules/go-netrc.js';
import type {FetchPlan} from '../rules/goproxy.js';
import type {Visibility} from '../rules/module-visibility.js';
import type {GitUrlKind} from '../rules/insteadof.js';
import type {HttpResponse, HttpTimings} from '../system/types.js';

export type GoVersion = {text: string; major: number; minor: number};

export type GoEnvData = {
	settings: Record<string, ResolvedSetting>;
	/** The Go that really runs here (after any toolchain switch): every version-keyed rule reads this one.
	 * Undefined when `go` is not installed here. */
	goVersion?: GoVersion;
	/** The go on PATH, when it is not the one that runs. */
	localGoVersion?: GoVersion;
	toolchain?: ToolchainReport;
};

export type PrivateModuleData = {plan: FetchPlan; visibility?: Visibility};

export type ModulePathData = {
	host: string;
	/** Module paths Go queries, longest first. */
	candidates: string[];
	qualifier?: {root: string; repo: string; vcs: string};
	/** The project path as GitLab sees it when it is in a subgroup (three or more elements after the host). */
	subgroup: boolean;
};

export type NetrcCredential = {file: string; line: number; login: string; password: string};

export type NetrcFiles = {
	go: {source: 'NETRC' | 'home' | 'none'; path?: string; file: TextFile; parse?: GoNetrcParse};
	/** honoursNetrcEnv: curl ≥ 8.16; false too when curl was not asked (NETRC unset and no file: nothing to tell). */
	curl: {path?: string; file: TextFile; parse?: CurlNetrcParse; honoursNetrcEnv: boolean};
};

export type NetrcData = {
	files: NetrcFiles;
	/** What Go sends with its own HTTPS requests to the host (undefined: nothing). */
	goCredential?: NetrcCredential;
	/** Whether Go reads .netrc at all (GOAUTH). */
	goReadsNetrc: boolean;
	/** What git's libcurl would send to the module's host from .netrc. */
	gitCredential?: NetrcCredential;
	problems: string[];
};

export type HttpsData = {
	reached: boolean;
	via: HttpResponse['via'];
	timings?: HttpTimings;
	/** True when the answer was GitLab's API (JSON), not a portal, login page or proxy page. */
	gitlabAnswered: boolean;
};

export type TokenData = {
	kind: 'personal' | 'deploy' | 'job' | 'password' | 'oauth' | 'unknown';
	/** The token's user, when GitLab said. */
	username?: string;
	/** The token's scopes; undefined when GitLab cannot tell (before 15.5, OAuth, job and deploy tokens). */
	scopes?: string[];
	/** `YYYY-MM-DD`: GitLab treats the token as expired from 00:00 UTC that day. Undefined: no expiry, or unknown. */
	expiresAt?: string;
	/** Whether the token's user can see the project through the API; undefined when it could not be asked. */
	canSeeProject?: boolean;
	/** The project's full path as GitLab names it (after a rename, the new one). */
	projectPath?: string;
};

export type GoImportData = {
	/** The tag Go will use, with the page it came from. */
	match?: {prefix: string; vcs: string; repoRoot: string; subdir?: string; page: string};
	credentialsSent: boolean;
	/**
	 * What GitLab's answer means when Go sent no credentials (undefined when it sent some):
	 * - `public`: the project is public (its full path came back, or the anonymous API sees it); no credentials needed.
	 * - `two-segment-fallback`: only the first two path elements came back, they are no public project, and the import
	 *   path is longer: GitLab's answer for anything private, so Go needs credentials to learn the real repository.
	 * - `not-found`: 404 without credentials (private, Go needs a token; or the path names no project).
	 * - `other`: anything else, including a two-element path GitLab answers the same for a private and a missing project.
	 */
	anonymous?: 'public' | 'two-segment-fallback' | 'not-found' | 'other';
};

export type GitRouteRule = {
	base: string;
	insteadOf: string;
	/** git's scope: system, global, local, worktree, command. */
	scope: string;
	/** git's origin: `file:/path` or `command line:`. */
	origin: string;
	file?: string;
	line?: number;
};

export type GitRouteData = {
	/** The URL Go hands to git (`origin` of its cache repository). */
	originalUrl: string;
	/** Where originalUrl came from: the go-import tag, the VCS qualifier, or GitLab's usual URL (a guess). */
	urlSource: 'go-import' | 'qualifier' | 'gitlab-default';
	/** The URL git really uses. */
	url: string;
	rule?: GitRouteRule;
	kind: GitUrlKind;
	host?: string;
	port?: number;
	user?: string;
	embeddedCredential: boolean;
	/** git goes to another host than the module's (a Geo secondary, an SSH host alias, a mirror). */
	differentHost: boolean;
	/** The module's host name, without a port. */
	moduleHost: string;
};

export type GitAuthData = {
	/** What git sends first: the URL's userinfo, .netrc (libcurl), a credential helper, an SSH key GitLab accepted, or nothing. */
	method: 'url' | 'netrc' | 'helper' | 'ssh' | 'none';
	/** The login git sends (HTTPS) or the GitLab user the SSH key belongs to. */
	user?: string;
	/** Where it comes from: `file:line`, the helper, the rule's file, the identity files. */
	source?: string;
	/** What git falls back to after the first credential gets a 401: the helpers (HTTPS only). */
	fallback?: {method: 'helper'; user?: string; source?: string};
	/** An askpass program git runs after the helpers, even under GIT_TERMINAL_PROMPT=0. */
	askpass?: string;
};

export type GitAccessData = {
	ok: boolean;
	failure?: GitFailure;
	/** Refs ls-remote listed (on success). */
	refs?: number;
	/** `refs/tags/v*` tags, peeled duplicates not counted. */
	versionTags?: string[];
	/** The asked-for (or required) version has no tag: go fails with `unknown revision` (rules/version-tags.ts). */
	versionMissing?: string;
};

export type GeoSecondaryData = {
	/** The secondary's host[:port]. */
	secondary: string;
	/** The module's host, the primary. */
	primary: string;
	transport: 'https' | 'ssh';
	/** True when an insteadOf rule sends git there; false for --geo-secondary without such a rule. */
	routed: boolean;
	/** git ls-remote through the secondary succeeded. */
	ok: boolean;
	/** The secondary redirected or forwarded git to the primary: its copy is not up to date. */
	outOfDate: boolean;
};

export type GitlabProxy = {
	/** The entry's URL as Go uses it (credentials masked). */
	display: string;
	/** host[:port] of the proxy. */
	host: string;
	/** The project ID or URL-encoded path in …/projects/ID/packages/go. */
	projectId: string;
};

export type GoProxyData = {
	/** GitLab's own Go proxies in GOPROXY. */
	proxies: GitlabProxy[];
	/** The proxy that serves the module, and the versions it lists. */
	servedBy?: string;
	versions?: string[];
	/** Where go's walk through GOPROXY ends: a proxy serves it, go goes on to direct, or go stops. */
	outcome: 'served' | 'direct' | 'stopped' | 'not-reached';
};

export interface CheckData {
	'go-env': GoEnvData;
	'private-module': PrivateModuleData;
	'module-path': ModulePathData;
	netrc: NetrcData;
	https: HttpsData;
	token: TokenData;
	'go-import': GoImportData;
	'git-route': GitRouteData;
	'git-auth': GitAuthData;
	'git-access': GitAccessData;
	'geo-secondary': GeoSecondaryData;
	'go-proxy': GoProxyData;
	'go-confirm': GoConfirmData;
}

export type GoConfirmData = {
	/** What go was asked for: MODULE@VERSION. */
	target: string;
	ok: boolean;
	/** The version go resolved. */
	version?: string;
	/** go's error, as it printed it (redacted on output like everything else). */
	error?: string;
	/** go's error read by the one error table (explain's; rules/go-git-errors.ts Diagnosis, of which this is the
	 * part later steps and writers read: the types stay here so no cycle runs through the rules). */
	diagnoses: Array<{reason: string; cause: string; checks: string[]; module?: string; host?: string; url?: string}>;
	timedOut: boolean;
	/** When go succeeded: the failed checks that stay failed as real risks, with why go still works… */
	risks?: Array<{id: string; reason: string; why: string}>;
	/** …and those that disagree with go (the engine shows them as warnings: diagnose.ts reconcileWithGo). */
	disagreements?: Array<{id: string; reason?: string}>;
};
