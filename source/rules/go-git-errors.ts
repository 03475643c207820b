// The one table of what go and git print when a private GitLab module cannot be fetched: each signature → a stable
// reason code, the cause in plain words, the checks that confirm it (first the one that names it, then the others
// the same text is consistent with: text alone cannot always tell an expired token from a missing one), what it
// names (module, host, URL) and the fixes. git's stderr, quoted by go or pasted alone, is read by classifyGitStderr
// (git-errors.ts, with ssh-errors.ts for ssh): the same reading the git checks use.
// Wordings: cmd/go/internal/{modfetch,modfetch/codehost,vcs,web,modget,toolchain,modload} of Go 1.19, 1.23 and 1.24
// (/usr/lib/go-1.N/src), crypto/x509/verify.go, net/http/transport.go; git and curl texts as in git-errors.ts.
import type {CheckId, Fix} from '../engine/types.js';
import {addEntryFix, tokenFormLink} from '../checks/gitlab-api.js';
import {cleanText, splitBlocks, type LogBlock} from './error-log.js';
import {classifyGitStderr, type GitFailure} from './git-errors.js';

export type ReasonCode =
	| 'go-insecure-flag'
	| 'go-modules-off'
	| 'go-toolchain'
	| 'govcs-disallows'
	| 'goproxy-off'
	| 'checksum-database'
	| 'checksum-mismatch'
	| 'public-proxy'
	| 'gitlab-go-proxy'
	| 'module-path-mismatch'
	| 'wrong-repository-tag'
	| 'unknown-revision'
	| 'no-secure-protocol'
	| 'go-tls'
	| 'go-proxy-connect'
	| 'go-dns'
	| 'go-refused'
	| 'go-timeout'
	| 'go-get-not-found'
	| 'go-get-auth'
	| 'go-get-server-error'
	| 'no-go-import-meta'
	| 'unrecognized-import-path'
	| 'git-no-credentials'
	| 'git-no-password'
	| 'git-auth-rejected'
	| 'gitlab-two-segment'
	| 'git-not-found'
	| 'git-forbidden'
	| 'git-tls'
	| 'git-network'
	| 'git-protocol'
	| 'git-netrc-parse'
	| 'git-local-path'
	| 'git-bad-config'
	| 'ssh-publickey'
	| 'ssh-host-key'
	| 'ssh-network'
	| 'git-failed';

export type Diagnosis = {
	reason: ReasonCode;
	/** The cause in plain words. */
	cause: string;
	/** The check that names this cause first; then the others this text is consistent with. Never empty. */
	checks: CheckId[];
	module?: string;
	version?: string;
	host?: string;
	url?: string;
	/** The lines it was read from (cleaned; not yet redacted). */
	lines: string[];
	fixes: Fix[];
};

export type ClassifyContext = {
	/** The module the text is about, when the caller knows it (go-confirm does): fills in what the text lacks. */
	module?: string;
};

// --- What a go error names -------------------------------------------------------------------------------------

const urlPattern = /https?:\/\/[^\s"'<>()]+/;

/** `!x` in a proxy URL path is an escaped capital letter (golang.org/x/mod/module EscapePath). */
function unescapeModulePath(path: string): string {
	return path.replace(/!([a-z])/g, (_m, letter: string) => letter.toUpperCase());
}

function hostOf(url: string | undefined): string | undefined {
	if (url === undefined) return undefined;
	try {
		return new URL(url).host.toLowerCase() || undefined;
	} catch {
		return undefined;
	}
}

function moduleHost(module: string | undefined): string | undefined {
	if (!module) return undefined;
	const first = module.split('/')[0]!;
	return /\./.test(first) ? first.toLowerCase() : undefined;
}

type Named = {module?: string; version?: string; url?: string};

/** The module, version and first URL a go error block names. */
function namesOf(text: string): Named {
	const named: Named = {};
	const patterns: RegExp[] = [
		/^(?:go(?: get| mod \w+)?: )?(?:verifying )?([a-z0-9.-]+\.[a-z]{2,}(?::\d+)?(?:\/[^\s@:"]+)*)@([^\s:/]+)(?:\/go\.mod)?: /im,
		/^(?:go(?: get| mod \w+)?: )?module ([a-z0-9.-]+\.[a-z]{2,}[^\s:@]*)(?:@([^\s:]+))?: /im,
		/unrecognized import path "([^"]+)"/,
		/^import "([^"]+)": /m,
		/^(?:go(?: get| mod \w+)?: )?package ([a-z0-9.-]+\.[a-z]{2,}[^\s:]*): /im,
	];
	for (const pattern of patterns) {
		const match = pattern.exec(text);
		if (match) {
			named.module = match[1]!;
			if (match[2] && match[2] !== 'latest' && match[2] !== 'upgrade' && match[2] !== 'patch') named.version = match[2];
			else if (match[2]) named.version = match[2];
			break;
		}
	}
	if (named.module === undefined) {
		// A proxy URL names the module: https://proxy/…/MODULE/@v/…
		const proxied = /https?:\/\/[^\s"]*?\/((?:[a-z0-9.-]+\.[a-z]{2,})(?:\/[^\s"@]+?)?)\/@(?:v|latest)/.exec(text);
		if (proxied) named.module = unescapeModulePath(proxied[1]!);
	}
	const url = urlPattern.exec(text);
	if (url) named.url = url[0].replace(/[.,;:]+$/, '');
	return named;
}

// --- Fixes -----------------------------------------------------------------------------------------------------

function privateFix(host: string): Fix {
	return {
		title: `Tell Go the module is private: add ${host} to GOPRIVATE, keeping the patterns it already has (\`go env GOPRIVATE\` shows them)`,
		commands: [`go env -w GOPRIVATE=${host}`],
		safe: false,
	};
}

function netrcFixes(host: string): Fix[] {
	return [addEntryFix(host, undefined)];
}

function tokenFixes(host: string): Fix[] {
	return [
		{title: `Make sure the token in the ~/.netrc entry for ${host} is a live personal access token with read_api, of a user who is at least Reporter in the project`, commands: [], safe: false, link: tokenFormLink(host)},
	];
}

function caFixes(side: 'go' | 'git'): Fix[] {
	if (side === 'go') {
		return [
			{title: 'Trust the CA that signs the GitLab certificate system-wide (Debian, Ubuntu), or point SSL_CERT_FILE at a bundle that holds it', commands: ['sudo cp ca.crt /usr/local/share/ca-certificates/ && sudo update-ca-certificates'], safe: false},
		];
	}
	return [{title: 'Tell git which CA signs the GitLab certificate (git has its own CA setting)', commands: ['git config --global http.sslCAInfo FILE-WITH-THE-CA-AND-PUBLIC-ROOTS.pem'], safe: false}];
}

// --- The go table ----------------------------------------------------------------------------------------------

type Row = {
	reason: ReasonCode;
	test: RegExp;
	checks: (facts: Facts) => CheckId[];
	cause: (facts: Facts, match: RegExpExecArray) => string;
	fixes: (facts: Facts, match: RegExpExecArray) => Fix[];
};

type Facts = {module?: string; host: string; url?: string; urlHost?: string; text: string};

const goHttpErrors: Array<Omit<Row, 'test'> & {test: RegExp}> = [
	{
		reason: 'go-tls',
		test: /x509: (.*)/,
		checks: () => ['https'],
		cause: (f, m) => `Go does not trust the HTTPS certificate of ${f.urlHost ?? f.host}: ${tlsWords(m[1]!)}`,
		fixes: f => (/not .* because|is valid for|not valid for any names/.test(f.text) ? [{title: 'Use the host name the certificate was issued for, or ask the GitLab administrators for a certificate that names this host', commands: [], safe: false}] : caFixes('go')),
	},
	{
		reason: 'go-proxy-connect',
		test: /proxyconnect tcp: (.*)|Proxy Authentication Required|Bad Gateway|407 /,
		checks: () => ['https'],
		cause: f => `Go could not get through the HTTP proxy (HTTPS_PROXY) to ${f.urlHost ?? f.host}: ${/Proxy Authentication Required|407/.test(f.text) ? 'the proxy wants credentials' : 'the proxy did not open the tunnel'}`,
		fixes: () => [{title: 'Check HTTPS_PROXY (and its credentials) and NO_PROXY for the GitLab host', commands: ['env | grep -i _proxy'], safe: false}],
	},
	{
		reason: 'go-dns',
		test: /lookup (\S+?)(?: on \S+)?: (?:no such host|server misbehaving|Temporary failure in name resolution)/,
		checks: () => ['https'],
		cause: (_f, m) => `the name ${m[1]} does not resolve on this machine (DNS)`,
		fixes: () => [{title: 'Check the host name, the DNS servers, or whether the host is only reachable through a proxy or VPN', commands: [], safe: false}],
	},
	{
		reason: 'go-refused',
		test: /connect: (?:connection refused|no route to host|network is unreachable)/,
		checks: () => ['https'],
		cause: f => `nothing accepts connections at ${f.urlHost ?? f.host} (connection refused or no route)`,
		fixes: () => [{title: 'Check the host and port, a firewall, or whether a proxy (HTTPS_PROXY) is needed', commands: [], safe: false}],
	},
	{
		reason: 'go-timeout',
		test: /i\/o timeout|Client\.Timeout exceeded|context deadline exceeded|TLS handshake timeout|net\/http: timeout awaiting/,
		checks: () => ['https'],
		cause: f => `${f.urlHost ?? f.host} did not answer in time`,
		fixes: () => [{title: 'Check the network path to the host (VPN, proxy, firewall)', commands: [], safe: false}],
	},
];

function tlsWords(detail: string): string {
	if (/signed by unknown authority|failed to verify certificate/.test(detail)) return 'it is signed by a CA Go does not know';
	if (/expired or is not yet valid/.test(detail)) return 'the certificate has expired (or is not valid yet)';
	if (/is valid for|not valid for any names|doesn't contain any IP SANs|relies on legacy Common Name/.test(detail)) return 'the certificate is for another name';
	return detail.trim();
}

const goRows: Row[] = [
	{
		reason: 'go-insecure-flag',
		test: /-insecure flag is no longer supported/,
		checks: () => ['go-env'],
		cause: () => 'the -insecure flag (on the command line or in GOFLAGS) was removed in Go 1.22; GOINSECURE replaces it',
		fixes: f => [{title: 'Remove -insecure from the command and from GOFLAGS; if the host really has no valid HTTPS, name it in GOINSECURE', commands: ['go env GOFLAGS', `go env -w GOINSECURE=${f.host}`], safe: false}],
	},
	{
		reason: 'go-modules-off',
		test: /modules disabled by GO111MODULE=off/,
		checks: () => ['go-env'],
		cause: () => 'GO111MODULE=off: go get runs in GOPATH mode, which cannot fetch modules',
		fixes: () => [{title: 'Turn module mode back on', commands: ['go env -u GO111MODULE'], safe: false}],
	},
	{
		reason: 'go-toolchain',
		test: /download (go1\S*) for \S+: toolchain not available|go: download (go1\S*)[^:]*: (.*)|requires go >= (\S+?)[;)]? \(running go (\S+?)[;)]|go: downloading (go1\S+) \(/,
		checks: () => ['go-env'],
		cause: (_f, m) => {
			if (m[4]) return `the go.mod asks for Go ${m[4]}, newer than the installed ${m[5]}, and GOTOOLCHAIN does not let Go fetch a newer toolchain`;
			return `Go tried to download the toolchain ${m[1] ?? m[2] ?? m[6]} (GOTOOLCHAIN) and could not${m[3] ? `: ${m[3]}` : ''}`;
		},
		fixes: () => [{title: 'Install the Go release the go.mod asks for, or let Go fetch it: GOTOOLCHAIN=auto with golang.org/toolchain reachable through GOPROXY', commands: ['go env GOTOOLCHAIN GOPROXY', 'go version'], safe: false}],
	},
	{
		reason: 'govcs-disallows',
		test: /GOVCS disallows using (\S+) for (private|public) (\S+?);/,
		checks: () => ['private-module'],
		cause: (_f, m) => `GOVCS forbids ${m[1]} for the ${m[2]} module ${m[3]}`,
		fixes: f => [{title: 'Allow git for this module in GOVCS', commands: [`go env -w GOVCS=${f.host}:git,private:git|hg,public:git|hg`], safe: false}],
	},
	{
		reason: 'goproxy-off',
		test: /module lookup disabled by GOPROXY=off/,
		checks: () => ['private-module'],
		cause: () => 'GOPROXY=off and the module is not private (GOPRIVATE/GONOPROXY), so Go may fetch it from nowhere',
		fixes: f => [privateFix(f.host)],
	},
	{
		reason: 'checksum-mismatch',
		test: /checksum mismatch/,
		checks: () => ['go-confirm'],
		cause: () => 'the downloaded code differs from the checksum go.sum (or the checksum database) recorded: the tag was moved or rewritten after it was first fetched',
		fixes: () => [{title: 'Never move a released tag: publish a new version; if the change is known and trusted, remove the module\'s lines from go.sum and fetch again', commands: ['go mod tidy'], safe: false}],
	},
	{
		reason: 'checksum-database',
		test: /verifying (?:module|go\.mod|\S+@\S+)[\s\S]*?(?:sum\.golang\.org|\/sumdb\/|lookup\/)[\s\S]*?(?:404 Not Found|410 Gone|Forbidden|: \S.*)/,
		checks: f => (f.text.includes('/api/v4/projects/') ? ['go-proxy', 'private-module'] : ['private-module', 'go-proxy']),
		cause: () => 'Go asked the public checksum database about a private module (GONOSUMDB/GOPRIVATE do not cover it); the database cannot know it',
		fixes: f => [privateFix(f.host)],
	},
	{
		reason: 'gitlab-go-proxy',
		test: /(https?:\/\/\S+\/api\/v4\/projects\/[^/\s]+\/packages\/go\/\S*?)["]?:? (\d{3} [A-Za-z ]+|.+)/,
		checks: () => ['go-proxy'],
		cause: (_f, m) => `GitLab's Go proxy (in GOPROXY) answered ${m[2]!.trim()}${/401/.test(m[2]!) ? ': it accepts no credentials Go sent (a job token or a token without read_api)' : /403/.test(m[2]!) ? ': the user may not read the project\'s packages (Reporter role or higher)' : /404/.test(m[2]!) ? ': the project ID in the URL is wrong, or the Go proxy feature is off on this instance' : ''}`,
		fixes: f => [{title: 'Or fetch the module with git instead of the GitLab Go proxy: take it out of GOPROXY and mark the module private', commands: ['go env -w GOPROXY=https://proxy.golang.org,direct', `go env -w GOPRIVATE=${f.host}`], safe: false}],
	},
	{
		reason: 'public-proxy',
		test: /(?:reading |Get ")(https?:\/\/[^\s"]+\/@(?:v\/[^\s"]*|latest))"?: (404 Not Found|410 Gone|Forbidden|.+)/,
		checks: () => ['private-module'],
		cause: (_f, m) => `Go asked the module proxy ${hostOf(m[1]) ?? ''} for a private module (GOPRIVATE/GONOPROXY do not cover it): it answered ${m[2]!.split('\n')[0]!.trim()}`,
		fixes: f => [privateFix(f.host)],
	},
	{
		reason: 'module-path-mismatch',
		test: /module declares its path as: (\S+)\s+but was required as: (\S+)/,
		checks: () => ['go-import', 'module-path'],
		cause: (_f, m) => `the repository Go fetched declares the module ${m[1]}, not ${m[2]}: the go.mod's module line is wrong, or Go fetched another repository (GitLab's answer to ?go-get=1 without credentials names only the first two path elements)`,
		fixes: f => [...netrcFixes(f.host), {title: 'Or fix the module line of the go.mod in the repository so it names the path you import', commands: [], safe: false}],
	},
	{
		reason: 'wrong-repository-tag',
		test: /unknown revision ([^\s/]+\/\S*v\d+\.\d+\.\d+\S*)/,
		checks: () => ['go-import', 'netrc', 'token'],
		cause: (_f, m) => `Go looked for the tag ${m[1]} (the tag of a module in a subdirectory) in a repository that lacks it: Go fetched the wrong repository, usually because GitLab answered ?go-get=1 without credentials with only the first two path elements`,
		fixes: f => netrcFixes(f.host),
	},
	{
		reason: 'unknown-revision',
		test: /unknown revision (\S+)|invalid version: unknown revision/,
		checks: () => ['git-access'],
		cause: (_f, m) => `the repository has no tag, branch or commit ${m[1] ?? 'of that name'}`,
		fixes: () => [{title: 'Check the version asked for exists as a tag in the repository (git ls-remote --tags shows them)', commands: [], safe: false}],
	},
	{
		reason: 'no-secure-protocol',
		test: /no secure protocol found for repository/,
		checks: () => ['git-access', 'git-route'],
		cause: () => 'Go tried git over HTTPS and over SSH for a path with the .git qualifier and both failed (Go never falls back to git:// or http:// unless GOINSECURE names the module)',
		fixes: f => netrcFixes(f.host),
	},
	{
		reason: 'no-go-import-meta',
		test: /no go-import meta tags(?: \(([^)]*)\))?/,
		checks: () => ['go-import'],
		cause: (_f, m) =>
			m[1]
				? `the page GitLab answered to ?go-get=1 names another path (${m[1]}): the project was renamed or moved, or the instance's external URL is another host`
				: 'the page answered to ?go-get=1 has no go-import tag: a sign-in page or a proxy page answered instead of GitLab',
		fixes: () => [{title: 'Import the module by the path GitLab names (its current project path, on the host of its external URL)', commands: [], safe: false}],
	},
	{
		reason: 'go-get-not-found',
		test: /reading (\S+\?go-get=1): 404 Not Found/,
		checks: f => (f.module !== undefined && f.module.split('/').length < 3 ? ['module-path', 'go-import'] : ['token', 'netrc', 'go-import']),
		cause: f =>
			f.module !== undefined && f.module.split('/').length < 3
				? `a GitLab module path needs at least a group and a project after the host; ${f.module} has one element`
				: `GitLab answered ?go-get=1 with "Go package not found or access denied": the credentials Go sent (from ~/.netrc) are missing, expired, revoked, lack read_api, or belong to a user who may not see the project — or there is no such project with a repository`,
		fixes: f => [...netrcFixes(f.host), ...tokenFixes(f.host)],
	},
	{
		reason: 'go-get-auth',
		test: /reading (\S+\?go-get=1): (401 Unauthorized|403 Forbidden)/,
		checks: () => ['token', 'netrc'],
		cause: (_f, m) => `GitLab answered ?go-get=1 with ${m[2]}: it refuses the credentials Go sent`,
		fixes: f => tokenFixes(f.host),
	},
	{
		reason: 'go-get-server-error',
		test: /reading (\S+\?go-get=1): (5\d\d [A-Za-z ]+)/,
		checks: () => ['go-import'],
		cause: (_f, m) => `GitLab answered ?go-get=1 with ${m[2]}: the server (or something in front of it) failed`,
		fixes: () => [{title: 'Ask the GitLab administrators: the instance fails for this request', commands: [], safe: false}],
	},
];

// --- git failures ----------------------------------------------------------------------------------------------

function gitDiagnosis(failure: GitFailure, facts: Facts, text: string): Omit<Diagnosis, 'lines' | 'module' | 'version'> {
	const own = facts.host;
	const at = (host: string | undefined) => host ?? own;
	const elsewhere = (host: string | undefined) => host !== undefined && own !== '' && host.toLowerCase() !== own;
	switch (failure.kind) {
		case 'no-credentials': {
			const host = failure.host.toLowerCase();
			return elsewhere(host)
				? {reason: 'git-no-credentials', host, url: failure.url, cause: `git went to ${host} (not the module's host ${own}: an insteadOf rule or a Geo secondary) and had no credentials for it`, checks: ['geo-secondary', 'git-route', 'git-auth', 'git-access'], fixes: netrcFixes(host)}
				: {reason: 'git-no-credentials', host, url: failure.url, cause: `git had no credentials for ${host} and may not prompt (Go runs it with GIT_TERMINAL_PROMPT=0): no ~/.netrc entry git reads, no credential helper, or the wrong repository for a subgroup project`, checks: ['netrc', 'git-auth', 'git-access', 'go-import'], fixes: netrcFixes(host)};
		}
		case 'no-password':
			return {reason: 'git-no-password', host: failure.host, cause: `git has a user name (${failure.user}) for ${failure.host} but no password or token, and may not prompt`, checks: ['git-route', 'git-auth', 'git-access'], fixes: netrcFixes(failure.host)};
		case 'auth-rejected': {
			const url = /Authentication failed for '([^']+)'/.exec(text)?.[1];
			const host = hostOf(url);
			return elsewhere(host)
				? {reason: 'git-auth-rejected', host, url, cause: `${host} (not the module's host ${own}: an insteadOf rule or a Geo secondary) refused the credentials git sent (HTTP Basic: Access denied)`, checks: ['geo-secondary', 'git-route', 'git-auth'], fixes: tokenFixes(at(host))}
				: {reason: 'git-auth-rejected', host: at(host), url, cause: 'GitLab refused the credentials git sent (HTTP Basic: Access denied): a wrong, expired or revoked token, a password where only tokens are allowed, or a token without read_repository', checks: ['git-access', 'git-auth', 'token'], fixes: tokenFixes(at(host))};
		}
		case 'not-found': {
			const url = /repository '([^']+)' not found/.exec(text)?.[1];
			const repo = url ? repositoryPath(url) : undefined;
			const wanted = facts.module?.split('/').slice(1) ?? [];
			if (repo !== undefined && repo.split('/').length === 2 && wanted.length > 2 && wanted.slice(0, 2).join('/') === repo) {
				return {reason: 'gitlab-two-segment', host: hostOf(url), url, cause: `git was sent to ${repo}, the first two path elements only: GitLab answered ?go-get=1 without valid credentials, so Go took the group for the project (a project in a subgroup needs credentials Go sends, in ~/.netrc)`, checks: ['go-import', 'netrc', 'token'], fixes: netrcFixes(at(hostOf(url)))};
			}
			if (repo !== undefined && repo.split('/').length === 2 && facts.module === undefined) {
				return {reason: 'gitlab-two-segment', host: hostOf(url), url, cause: `GitLab has no repository ${repo} this user can see; if the module is in a subgroup, GitLab answered ?go-get=1 without valid credentials and Go took the first two path elements for the project`, checks: ['go-import', 'netrc', 'token', 'git-access'], fixes: netrcFixes(at(hostOf(url)))};
			}
			return {reason: 'git-not-found', host: hostOf(url), url, cause: `GitLab has no repository ${repo ?? ''} this user can see: a wrong path (an insteadOf rule?) or no access`.replace('  ', ' '), checks: ['git-route', 'git-access'], fixes: []};
		}
		case 'forbidden':
			return {reason: 'git-forbidden', cause: 'GitLab refused to hand out the code (403): the user may see the project but not download code (Guest), or too many failed sign-ins', checks: ['git-access', 'token'], fixes: [{title: 'Ask a maintainer of the project for the Reporter role or higher', commands: [], safe: false}]};
		case 'tls':
			return {reason: 'git-tls', cause: `git does not trust the HTTPS certificate: ${failure.detail}`, checks: ['git-access', 'https'], fixes: caFixes('git')};
		case 'dns':
			return {reason: 'git-network', host: failure.host, cause: `git could not resolve ${failure.host} (DNS)`, checks: ['git-access', 'https'], fixes: []};
		case 'refused':
			return {reason: 'git-network', cause: `git could not connect: ${failure.detail}`, checks: ['git-access', 'https'], fixes: [{title: 'Check git\'s proxy settings (http.proxy, HTTPS_PROXY) and the host and port', commands: ['git config --show-origin --get-regexp "^http\\..*proxy"'], safe: false}]};
		case 'timeout':
			return {reason: 'git-network', cause: `git timed out: ${failure.detail}`, checks: ['git-access', 'https'], fixes: []};
		case 'proxy':
			return {reason: 'git-network', cause: `git could not get through the HTTP proxy: ${failure.detail}`, checks: ['git-access', 'https'], fixes: [{title: 'Check git\'s proxy settings (http.proxy, HTTPS_PROXY and its credentials, NO_PROXY)', commands: ['git config --show-origin --get-regexp "^http\\..*proxy"'], safe: false}]};
		case 'netrc-parse':
			return {reason: 'git-netrc-parse', cause: 'curl (inside git) cannot parse the .netrc file Go reads without trouble (a quote, or a token curl reads differently), so git sends no credentials', checks: ['git-auth', 'netrc'], fixes: [{title: 'Rewrite the ~/.netrc entry without quotes: machine HOST login USER password TOKEN', commands: [], safe: false}]};
		case 'local-path':
			return {reason: 'git-local-path', cause: `git took the remote for a local path (${failure.path}): an insteadOf rule writes an SSH URL without "ssh://" and with "/" instead of ":"`, checks: ['git-route'], fixes: [{title: 'Write the rule as ssh://git@HOST/ or git@HOST: (with the colon)', commands: ['git config --show-origin --get-regexp "^url\\..*insteadof"'], safe: false}]};
		case 'bad-config':
			return {reason: 'git-bad-config', cause: `git stopped at its configuration: ${failure.detail}`, checks: ['git-route', 'git-access'], fixes: [{title: 'Fix the configuration line git names', commands: ['git config --show-origin --list'], safe: false}]};
		case 'ssh':
			switch (failure.failure.kind) {
				case 'publickey':
					return {reason: 'ssh-publickey', cause: 'GitLab refused every SSH key ssh offered (Permission denied (publickey)): no key loaded, or the key is not in the GitLab profile', checks: ['git-auth', 'git-access'], fixes: [{title: 'See which keys the agent holds and add yours; add the public key to your GitLab profile', commands: ['ssh-add -l'], safe: false}]};
				case 'host-key-unknown':
				case 'host-key-changed':
					return {reason: 'ssh-host-key', cause: failure.failure.kind === 'host-key-changed' ? 'the SSH host key of the GitLab host changed since it was recorded in known_hosts, and ssh refuses it' : 'ssh does not know the GitLab host key and may not ask (Go runs ssh in BatchMode): Host key verification failed', checks: ['git-auth'], fixes: [{title: 'Record the host key once after checking its fingerprint against the one GitLab publishes (Help > SSH host keys)', commands: [`ssh-keyscan ${own || 'HOST'} >> ~/.ssh/known_hosts`], safe: false}]};
				case 'dns':
					return {reason: 'ssh-network', host: failure.failure.host, cause: `ssh could not resolve ${failure.failure.host}`, checks: ['git-access', 'git-auth'], fixes: []};
				case 'refused':
				case 'timeout':
					return {reason: 'ssh-network', cause: 'ssh could not connect to the GitLab host (refused or timed out: SSH port blocked?)', checks: ['git-access', 'git-auth'], fixes: []};
				default:
					return {reason: 'git-failed', cause: `ssh failed: ${failure.failure.detail}`, checks: ['git-access', 'git-auth'], fixes: []};
			}
		case 'geo-redirect':
		case 'unknown': {
			const lookUp = /unable to look up (\S+) \(port 9418\)|unable to connect to (\S+):\s*$|git:\/\/\S+/m.exec(text);
			if (lookUp) return {reason: 'git-protocol', cause: 'git was asked to use the git:// protocol (port 9418), which GitLab does not serve: Go tried it after HTTPS and SSH failed for a path with the .git qualifier (GOINSECURE?)', checks: ['git-access'], fixes: netrcFixes(own)};
			return {reason: 'git-failed', cause: `git failed: ${failure.kind === 'unknown' ? failure.detail : 'after a Geo redirect'}`, checks: ['git-access'], fixes: []};
		}
	}
}

function repositoryPath(url: string): string | undefined {
	try {
		return new URL(url).pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
	} catch {
		return undefined;
	}
}

// --- Classification --------------------------------------------------------------------------------------------

const gitQuoted = /(?:git ls-remote|git fetch|git clone|git -c |exit status \d+:)/;

/** What one block (one go error with the git stderr it quotes, or git's own lines) means; undefined: not recognised. */
export function classifyBlock(block: LogBlock, context: ClassifyContext = {}): Diagnosis | undefined {
	const text = block.lines.join('\n');
	const named: Named = block.kind === 'go' ? namesOf(text) : {url: urlPattern.exec(text)?.[0]?.replace(/[.,;:]+$/, '')};
	const module = named.module ?? context.module;
	const url = named.url;
	const facts: Facts = {module, host: moduleHost(module) ?? hostOf(url) ?? '', url, urlHost: hostOf(url), text};
	const base = {lines: block.lines, ...(module !== undefined ? {module} : {}), ...(named.version !== undefined ? {version: named.version} : {})};

	if (block.kind === 'go') {
		for (const row of goRows) {
			const match = row.test.exec(text);
			if (match) return finish({...base, reason: row.reason, cause: row.cause(facts, match), checks: row.checks(facts), fixes: row.fixes(facts, match), host: facts.host || undefined, url});
		}
		// go's own HTTP errors (discovery, proxy), unless they are part of the git stderr it quotes.
		if (!gitQuoted.test(text)) {
			for (const row of goHttpErrors) {
				const match = row.test.exec(text);
				if (match) return finish({...base, reason: row.reason, cause: row.cause(facts, match), checks: row.checks(facts), fixes: row.fixes(facts, match), host: facts.urlHost ?? (facts.host || undefined), url});
			}
		}
	}
	const gitText = block.lines.map(line => line.replace(/^\t/, '')).join('\n');
	if (block.kind === 'git' || gitQuoted.test(text)) {
		const failure = classifyGitStderr(gitText);
		if (failure.kind !== 'geo-redirect' && !(failure.kind === 'unknown' && !/\b(fatal|error):|unable to look up/.test(gitText))) {
			const diagnosis = gitDiagnosis(failure, facts, gitText);
			return finish({...base, ...diagnosis, host: diagnosis.host ?? (facts.host || undefined), url: diagnosis.url ?? url});
		}
	}
	if (block.kind === 'go') {
		if (/unrecognized import path/.test(text)) {
			return finish({...base, reason: 'unrecognized-import-path', cause: 'Go could not find out where the module lives (the answer to ?go-get=1)', checks: ['go-import'], fixes: [], host: facts.host || undefined, url});
		}
		if (/\bgit\b.*exit status/.test(text)) {
			return finish({...base, reason: 'git-failed', cause: 'git failed when Go ran it', checks: ['git-access'], fixes: [], host: facts.host || undefined, url});
		}
	}
	return undefined;
}

function finish(diagnosis: Diagnosis): Diagnosis {
	const clean = Object.fromEntries(Object.entries(diagnosis).filter(([, value]) => value !== undefined)) as Diagnosis;
	return clean;
}

/** Every failure a pasted error or a whole CI log shows, in order; the same failure printed twice counts once. */
export function classifyErrorText(text: string, context: ClassifyContext = {}): Diagnosis[] {
	const found: Diagnosis[] = [];
	const seen = new Set<string>();
	let blocks: LogBlock[];
	try {
		blocks = splitBlocks(cleanText(typeof text === 'string' ? text : ''));
	} catch {
		return [];
	}
	for (const block of blocks) {
		let diagnosis: Diagnosis | undefined;
		try {
			diagnosis = classifyBlock(block, context);
		} catch {
			diagnosis = undefined;
		}
		if (!diagnosis) continue;
		const key = `${diagnosis.reason}\u0000${diagnosis.module ?? ''}\u0000${diagnosis.host ?? ''}`;
		if (seen.has(key)) continue;
		seen.add(key);
		found.push(diagnosis);
	}
	// A go error that quotes git's stderr and git's own copy of the same lines (a log with both) name one failure.
	// go's generic last line ("unrecognized import path") after the line that says why names no further failure.
	return found.filter(
		(diagnosis, index) =>
			!(diagnosis.module === undefined && found.some((other, j) => j !== index && other.reason === diagnosis.reason && other.module !== undefined)) &&
			!(diagnosis.reason === 'unrecognized-import-path' && found.some((other, j) => j !== index && other.reason !== diagnosis.reason && other.module === diagnosis.module)),
	);
}
