// go's own error texts (cmd/go/internal/{modfetch,modfetch/codehost,vcs,web,modget,toolchain,modload,gover} of Go
// 1.19, 1.23, 1.24; crypto/x509/verify.go; net/http/transport.go), as rows of the one table: first the go-level
// signatures, then go's own HTTP errors (discovery, proxies).
import {goEnvCommand} from '../fixes/builders.js';
import {caFixes, netrcFixes, placeholderHost, privateFix, tokenFixes} from './error-fixes.js';
import type {Row} from './error-types.js';
import {hostOf} from './error-names.js';
import {isPublicProxy} from './go-route.js';

/** go's error for a proxy's answer about the module (`reading URL/@v/list: 404 Not Found`). */
const proxyAnswer = /(?:reading |Get ")(https?:\/\/[^\s"]+\/@(?:v\/[^\s"]*|latest))"?: (404 Not Found|410 Gone|Forbidden|.+)/;

/** `go env -w KEY='VALUE'`, built as every check builds it (fixes/builders.ts). */
function setCommand(key: string, value: string): string {
	return goEnvCommand(key, value, false).command;
}

export const goHttpErrors: Row[] = [
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

export const goRows: Row[] = [
	{
		reason: 'go-insecure-flag',
		test: /-insecure flag is no longer supported/,
		checks: () => ['go-env'],
		cause: () => 'the -insecure flag (on the command line or in GOFLAGS) was removed in Go 1.22; GOINSECURE replaces it',
		fixes: f => [{title: 'Remove -insecure from the command and from GOFLAGS; if the host really has no valid HTTPS, name it in GOINSECURE', commands: ['go env GOFLAGS', setCommand('GOINSECURE', f.host || placeholderHost)], safe: false}],
	},
	{
		// go's fatal messages for a malformed GOAUTH (Go 1.24+; docs/go.md §2), printed at its first HTTPS request.
		reason: 'goauth-invalid',
		test: /go: GOAUTH(?:=\S+)? (?:encountered|cannot be combined|dir method requires)[^\n]*/,
		checks: () => ['go-env'],
		cause: (_f, m) => `GOAUTH is malformed, so go stops before its first HTTPS request: ${m[0]}`,
		fixes: () => [{title: 'Set GOAUTH back to its default (netrc), or write it as methods separated by ";": off alone, netrc, git ABSOLUTE_DIR, or a command', commands: ['go env GOAUTH'], safe: false}],
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
		fixes: f => [{title: 'Allow git for this module in GOVCS', commands: [setCommand('GOVCS', `${f.host || placeholderHost}:git,private:git|hg,public:git|hg`)], safe: false}],
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
		fixes: f => [{title: 'Or fetch the module with git instead of the GitLab Go proxy: take it out of GOPROXY and mark the module private', commands: [setCommand('GOPROXY', 'https://proxy.golang.org,direct'), setCommand('GOPRIVATE', f.host || placeholderHost)], safe: false}],
	},
	{
		reason: 'module-proxy',
		test: proxyAnswer,
		when: match => !isPublicProxy(match[1]!),
		checks: () => ['go-proxy'],
		cause: (_f, m) => `the module proxy ${hostOf(m[1]) ?? ''} in GOPROXY answered ${m[2]!.split('\n')[0]!.trim()}: go stops there unless a "|" or a "," before a 404/410 lets it go on (the proxy's credentials, or its access to GitLab)`,
		fixes: () => [],
	},
	{
		reason: 'public-proxy',
		test: proxyAnswer,
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

