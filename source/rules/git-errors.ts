// What went wrong, read from the stderr of `git ls-remote` run the way Go runs it (GIT_TERMINAL_PROMPT=0, BatchMode
// ssh). Texts: git remote-curl.c / http.c / credential.c / config.c / transport.c [docs/sources.md §R10][docs/sources.md §R11], libcurl error strings
// (GnuTLS and OpenSSL builds), GitLab's git-over-HTTP bodies (docs/gitlab.md §5) and gitlab-shell, and
// docs/git.md §2.2, docs/openssh.md §4 and docs/git.md §5.3. Lines may come tab-indented, as the go command quotes them.
import {describeGitUrl} from './insteadof.js';
import {classifySshStderr, type SshFailure} from './ssh-errors.js';

export type GitFailure =
	| {kind: 'no-credentials'; host: string; url?: string} // could not read Username ... terminal prompts disabled
	| {kind: 'no-password'; user: string; host: string}
	| {kind: 'auth-rejected'; serverMessage?: string} // HTTP Basic: Access denied / Authentication failed
	| {kind: 'not-found'; serverMessage?: string} // repository ... not found (authenticated 404)
	| {kind: 'forbidden'; serverMessage?: string} // 403 / You are not allowed to download code
	| {kind: 'tls'; detail: string} // GnuTLS and OpenSSL wordings, CAfile
	| {kind: 'dns'; host: string}
	| {kind: 'refused'; detail: string; host?: string; port?: string}
	| {kind: 'timeout'; detail: string}
	| {kind: 'proxy'; detail: string; status?: number} // curl could not use the proxy (resolve, connect, CONNECT refused)
	| {kind: 'netrc-parse'}
	| {kind: 'local-path'; path: string}
	| {kind: 'bad-config'; detail: string}
	| {kind: 'ssh'; failure: SshFailure}
	| {kind: 'geo-redirect'; url: string; forwardedToPrimary?: boolean} // warning: redirecting to .../-/from_secondary/... or push_from_secondary
	| {kind: 'unknown'; detail: string};

/** Above this, curl's "Failed to connect … after N ms" was a connect timeout (the kernel gives up after minutes); a
 * refusal comes back within a round trip. A heuristic: curl 7.88 words both the same. */
const connectTimeoutMs = 5000;

function lines(text: string): string[] {
	return text
		.split(/\r?\n/)
		.map(line => line.trim())
		.filter(line => line !== '');
}

/** The text of `remote:` lines (gitlab-shell's '=' dividers and blank lines dropped), as GitLab wrote it. */
function serverMessageOf(all: string[]): string | undefined {
	const remote = all
		.filter(line => line.startsWith('remote:'))
		.map(line => line.slice('remote:'.length).trim())
		.filter(line => line !== '' && !/^=+$/.test(line));
	return remote.length > 0 ? remote.join('\n') : undefined;
}

function withMessage<T extends {kind: string}>(failure: T, serverMessage: string | undefined): T & {serverMessage?: string} {
	return serverMessage !== undefined ? {...failure, serverMessage} : failure;
}

/** 'https://user@host:port/path' → host:port and user, as git prints them in prompts. */
function splitPromptUrl(url: string): {host: string; user?: string} {
	const rest = url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
	const authority = rest.split('/')[0] ?? rest;
	const at = authority.lastIndexOf('@');
	if (at < 0) return {host: authority};
	return {host: authority.slice(at + 1), user: decodeURIComponentSafe(authority.slice(0, at))};
}

function decodeURIComponentSafe(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** A Geo redirect or forward notice, which git prints even when the command succeeds. */
export function findGeoRedirect(stderr: string): {url: string; forwardedToPrimary?: boolean} | undefined {
	const text = typeof stderr === 'string' ? stderr : '';
	const redirect = /warning: redirecting to (\S*\/-\/(?:push_)?from_secondary\/\S*)/.exec(text);
	if (redirect) return {url: redirect[1]!};
	const all = lines(text);
	const forwarded = all.findIndex(line => /Geo secondary node will be forwarded|pushing to a Geo secondary/.test(line));
	if (forwarded >= 0) {
		const url = all
			.slice(forwarded)
			.map(line => line.replace(/^remote:\s*/, ''))
			.find(line => /^(https?|ssh):\/\/|^[^\s@]+@[^\s:]+:/.test(line));
		return {url: url ?? '', forwardedToPrimary: true};
	}
	return undefined;
}

/** curl's own words, from git's `fatal: unable to access '<url>': <curl error>`. */
function curlFailure(detail: string): GitFailure | undefined {
	if (/\.netrc parser error/.test(detail)) return {kind: 'netrc-parse'};
	const proxyStatus = /Received HTTP code (\d+) from proxy after CONNECT|CONNECT tunnel failed, response (\d+)/.exec(detail);
	if (proxyStatus) return {kind: 'proxy', detail, status: Number(proxyStatus[1] ?? proxyStatus[2])};
	if (/Could not resolve proxy|Proxy CONNECT aborted|Unsupported proxy|proxy handshake|SOCKS/i.test(detail)) return {kind: 'proxy', detail};
	const resolve = /Could not resolve host: ?'?([^\s';]+)|Couldn't resolve host '?([^\s';]+)/.exec(detail);
	if (resolve) return {kind: 'dns', host: resolve[1] ?? resolve[2] ?? ''};
	const status = /The requested URL returned error: (\d+)/.exec(detail);
	if (status) {
		const code = Number(status[1]);
		if (code === 401) return {kind: 'auth-rejected'};
		if (code === 403) return {kind: 'forbidden'};
		if (code === 404 || code === 410) return {kind: 'not-found'};
		return undefined;
	}
	if (/Operation too slow|timed out|Timeout was reached/i.test(detail)) return {kind: 'timeout', detail};
	const connect = /Failed to connect to (\S+) port (\d+)(?: after (\d+) ms)?/.exec(detail);
	if (connect) {
		if (Number(connect[3] ?? 0) >= connectTimeoutMs) return {kind: 'timeout', detail};
		return {kind: 'refused', detail, host: connect[1]!, port: connect[2]!};
	}
	if (/Connection refused|Couldn't connect to server|Could not connect to server|No route to host|Network is unreachable/i.test(detail)) return {kind: 'refused', detail};
	if (/certificate|SSL[ _:]|\bTLS\b|gnutls|schannel|SEC_E_|CERT_TRUST|CAfile|CApath|self[- ]signed|local issuer|handshake/i.test(detail)) return {kind: 'tls', detail};
	return undefined;
}

const sshSignature =
	/^ssh: |Permission denied \(|Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|host key is known for|kex_exchange_identification|Connection closed by|Connection reset by|banner exchange|Bad owner or permissions|Load key .*: |ssh_exchange_identification/m;

/** Classify the stderr (+ nothing else) of `git ls-remote` run as Go runs it. With `url` (the remote git was given),
 * "does not appear to be a git repository" is told apart: a local path, or a remote that has no such repository. */
export function classifyGitStderr(stderr: string, context: {url?: string} = {}): GitFailure {
	try {
		return classify(typeof stderr === 'string' ? stderr : '', context);
	} catch (error) {
		return {kind: 'unknown', detail: `could not read git's output: ${String(error)}`};
	}
}

function classify(stderr: string, context: {url?: string}): GitFailure {
	const all = lines(stderr);
	const text = all.join('\n');
	const serverMessage = serverMessageOf(all);

	// Configuration errors stop git before it contacts anything.
	const badConfig = all.find(line =>
		/missing value for '|bad config (variable|line|value|file)|unable to parse '.*' from command-line config|missing config value|bad numeric config value|transport '.*' not allowed|ssh variant '.*' does not support/.test(line),
	);
	if (badConfig !== undefined) return {kind: 'bad-config', detail: all.filter(line => /^(error|fatal): /.test(line)).join('\n') || badConfig};

	const password = /could not read Password for '([^']*)'/.exec(text);
	if (password) {
		const {host, user} = splitPromptUrl(password[1]!);
		return {kind: 'no-password', user: user ?? '', host};
	}
	const username = /could not read Username for '([^']*)'/.exec(text);
	if (username) return {kind: 'no-credentials', host: splitPromptUrl(username[1]!).host, url: username[1]!};

	if (/Authentication failed for '/.test(text) || /HTTP Basic: Access denied/.test(text)) return withMessage({kind: 'auth-rejected'}, serverMessage);

	const unableToAccess = /unable to access '[^']*': (.*)/.exec(text);
	if (unableToAccess) {
		const failure = curlFailure(unableToAccess[1]!);
		if (failure !== undefined) {
			return failure.kind === 'auth-rejected' || failure.kind === 'forbidden' || failure.kind === 'not-found' ? withMessage(failure, serverMessage) : failure;
		}
	}
	if (/repository '[^']*' not found/.test(text) || /The project you were looking for could not be found/.test(text)) return withMessage({kind: 'not-found'}, serverMessage);
	if (/You are not allowed to download code|Too many failed authentication attempts/.test(text)) return withMessage({kind: 'forbidden'}, serverMessage);

	const notARepository = /fatal: '([^']*)' does not appear to be a git repository/.exec(text);
	const remoteKind = context.url !== undefined ? describeGitUrl(context.url).kind : undefined;
	if (notARepository && (remoteKind === undefined || remoteKind === 'local' || remoteKind === 'file')) return {kind: 'local-path', path: notARepository[1]!};
	if (notARepository) return withMessage({kind: 'not-found'}, serverMessage ?? notARepository[0]);

	if (sshSignature.test(text)) return {kind: 'ssh', failure: classifySshStderr(stderr)};

	// Texts pasted without git's "unable to access" frame.
	const bare = curlFailure(text);
	if (bare !== undefined) return bare.kind === 'auth-rejected' || bare.kind === 'forbidden' || bare.kind === 'not-found' ? withMessage(bare, serverMessage) : bare;

	const geo = findGeoRedirect(stderr);
	if (geo !== undefined) return {kind: 'geo-redirect', ...geo};
	if (/fatal: Could not read from remote repository/.test(text)) return {kind: 'ssh', failure: classifySshStderr(stderr)};

	const last = [...all].reverse().find(line => /^(fatal|error): /.test(line));
	return {kind: 'unknown', detail: last ?? text.slice(0, 500)};
}
