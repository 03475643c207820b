// GOAUTH (Go 1.24+): the values and their fatal messages, when go asks and how the credential cache is keyed, how a
// command is split, fed and read, and `git credential fill` (docs/go.md §2, §2.1, §2.2). Pure: running commands is the
// caller's job.
//
// When Go asks: once, before its first HTTPS request, every method without a URL (netrc entries are stored; a command
// runs with no argument; `git DIR` does nothing yet). Then after every 4xx answer, again with the URL: a command gets
// the URL as its last argument and the response (status line and headers) on stdin, `git DIR` runs
// `git credential fill` in DIR, and the request is retried with what is stored. A 200 answer (GitLab's anonymous
// go-get page for a private subgroup) never triggers the second round.

export type GoauthMethod = {kind: 'off'} | {kind: 'netrc'} | {kind: 'git'; dir: string} | {kind: 'command'; command: string};

export type GoauthParse = {
	/** In the order of GOAUTH; on a clash for the same URL prefix, the earlier method wins. */
	methods: GoauthMethod[];
	/** Go's fatal message (printed as is, exit 1) at the first HTTPS request. */
	fatal?: string;
};

/**
 * The methods of a GOAUTH value, with Go's fatal message for a malformed one. `dirProblem` says, for a `git DIR`
 * directory, what os.Stat finds: undefined when it is a directory, 'not a directory', or the stat error text.
 */
export function parseGoauth(value: string, dirProblem: (dir: string) => string | undefined = () => undefined): GoauthParse {
	// cfg.GOAUTH = EnvOr("GOAUTH", "netrc"): an empty value is the default.
	if (value === '') return {methods: [{kind: 'netrc'}]};
	const parts = value.split(';');
	const methods: GoauthMethod[] = [];
	// runGoAuth walks the commands in reverse, so the first fatal error is that of the last malformed command.
	for (const raw of [...parts].reverse()) {
		const command = raw.trim();
		const words = command.split(/\s+/).filter(word => word !== '');
		if (words.length === 0) return {methods: [], fatal: `go: GOAUTH encountered an empty command (GOAUTH=${value})`};
		switch (words[0]) {
			case 'off':
				if (parts.length !== 1) return {methods: [], fatal: `go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=${value})`};
				methods.unshift({kind: 'off'});
				break;
			case 'netrc':
				methods.unshift({kind: 'netrc'});
				break;
			case 'git': {
				const prefix = 'go: GOAUTH=git dir method requires an absolute path to the git working directory';
				if (words.length !== 2) return {methods: [], fatal: prefix};
				const dir = words[1]!;
				if (!dir.startsWith('/')) return {methods: [], fatal: `${prefix}, dir is not absolute`};
				const problem = dirProblem(dir);
				if (problem === 'not a directory') return {methods: [], fatal: `${prefix}, dir is not a directory`};
				if (problem !== undefined) return {methods: [], fatal: `go: GOAUTH=git encountered an error; cannot stat ${dir}: ${problem}`};
				methods.unshift({kind: 'git', dir});
				break;
			}
			default:
				methods.unshift({kind: 'command', command});
		}
	}
	return {methods};
}

/** Go's quoted split (docs/go.md §2.2, §11): blanks separate words; a word that starts with ' or " runs to the same quote (no escapes). */
export function quotedSplit(text: string): {words: string[]; error?: string} {
	const words: string[] = [];
	let s = text;
	const blank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
	while (s.length > 0) {
		while (s.length > 0 && blank(s[0])) s = s.slice(1);
		if (s.length === 0) break;
		const quote = s[0];
		if (quote === '"' || quote === "'") {
			const end = s.indexOf(quote, 1);
			if (end < 0) return {words, error: `unterminated ${quote} string`};
			words.push(s.slice(1, end));
			s = s.slice(end + 1);
			continue;
		}
		let i = 0;
		while (i < s.length && !blank(s[i])) i++;
		words.push(s.slice(0, i));
		s = s.slice(i);
	}
	return {words};
}

export type HeaderLines = Array<{name: string; value: string}>;

/** The stored credentials: URL prefix without "https://" → headers (storeCredential's keys). */
export type CredentialStore = Map<string, HeaderLines>;

const TOKEN_CHARS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** parseUserAuth: blocks of URL lines, an empty line, header lines, an empty line. Go's error text on failure. */
export function parseUserAuthOutput(data: string): {credentials?: CredentialStore; error?: string} {
	const credentials: CredentialStore = new Map();
	let rest = data;
	while (rest !== '') {
		const urls: string[] = [];
		for (;;) {
			const newline = rest.indexOf('\n');
			if (newline < 0) return {error: 'invalid format: missing empty line after URLs'};
			const line = rest.slice(0, newline);
			rest = rest.slice(newline + 1);
			if (line === '') break;
			// url.ParseRequestURI: an absolute URL or an absolute path; the tool needs the https ones.
			if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(line) && !line.startsWith('/')) return {error: `could not parse URL ${line}: parse "${line}": invalid URI for request`};
			urls.push(line);
		}
		const headers: HeaderLines = [];
		for (;;) {
			const newline = rest.indexOf('\n');
			if (newline < 0) return {error: 'invalid format: missing empty line after headers'};
			const line = rest.slice(0, newline);
			rest = rest.slice(newline + 1);
			if (line === '') break;
			const colon = line.indexOf(': ');
			const name = colon < 0 ? '' : line.slice(0, colon);
			const value = colon < 0 ? '' : line.slice(colon + 2).trim();
			// validHeaderFieldName / validHeaderFieldValue (no control characters).
			if (colon < 0 || !TOKEN_CHARS.test(name) || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) return {error: 'invalid format: invalid header line'};
			headers.push({name, value});
		}
		for (const url of urls) credentials.set(url.startsWith('https://') ? url.slice('https://'.length) : url, headers.map(header => ({...header})));
	}
	return {credentials};
}

/** parseGitAuth: the prefix (protocol://host/path or url=), username and password of `git credential fill`. */
export function parseGitCredentialOutput(output: string): {prefix: string; username: string; password: string} {
	let protocol = '';
	let host = '';
	let path = '';
	let url: string | undefined;
	let username = '';
	let password = '';
	for (const raw of output.split('\n')) {
		const line = raw.trim();
		const eq = line.indexOf('=');
		if (eq < 0) continue;
		const key = line.slice(0, eq);
		const value = line.slice(eq + 1);
		if (key === 'protocol') protocol = value;
		else if (key === 'host') host = value;
		else if (key === 'path') path = value;
		else if (key === 'username') username = value;
		else if (key === 'password') password = value;
		else if (key === 'url' && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) url = value;
	}
	const prefix = url ?? (protocol || host ? `${protocol ? `${protocol}:` : ''}${host ? `//${host}` : ''}${path ? `/${path.replace(/^\//, '')}` : ''}` : '');
	return {prefix, username, password};
}

/** loadCredential: the whole URL after "https://", then only what precedes its first "/". */
export function loadCredential(store: CredentialStore, url: string): HeaderLines | undefined {
	const prefix = url.startsWith('https://') ? url.slice('https://'.length) : url;
	const exact = store.get(prefix);
	if (exact) return exact;
	const slash = prefix.indexOf('/');
	return slash < 0 ? undefined : store.get(prefix.slice(0, slash));
}

/** Login and password of an `Authorization: Basic …` header, when that is what the headers carry. */
export function basicFromHeaders(headers: HeaderLines): {login: string; password: string} | undefined {
	const authorization = headers.find(header => header.name.toLowerCase() === 'authorization');
	const match = authorization ? /^Basic\s+(\S+)$/i.exec(authorization.value) : null;
	if (!match) return undefined;
	const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon < 0 ? undefined : {login: decoded.slice(0, colon), password: decoded.slice(colon + 1)};
}

/** What a GOAUTH command reads on stdin after a 4xx (writeResponseToStdin): the status line and the headers. */
export function responseForStdin(status: number, statusText: string, headers: Record<string, string>): string {
	const lines = Object.entries(headers).map(([name, value]) => `${canonicalHeaderName(name)}: ${value}`);
	return `HTTP/1.1 ${status} ${statusText}\n${lines.join('\n')}${lines.length ? '\n' : ''}\n`;
}

function canonicalHeaderName(name: string): string {
	return name.toLowerCase().replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}
