// Every contact with the outside world goes through these interfaces, so tests can replace them.

export type Platform = 'linux' | 'darwin' | 'win32' | 'other';

/** A snapshot of the process environment. Checks never read `process.env` directly. */
export type Environment = Readonly<Record<string, string | undefined>>;

export type FileInfo = {
	isFile: boolean;
	isDirectory: boolean;
	/** Permission bits, e.g. 0o600. */
	mode: number;
	size: number;
};

export type FileSystem = {
	/** Reads at most `limitBytes` (default 1 MiB); `truncated` says whether the file was longer. */
	readFile(path: string, limitBytes?: number): Promise<{bytes: Buffer; truncated: boolean}>;
	/** undefined when nothing is there. */
	stat(path: string): Promise<FileInfo | undefined>;
	/** A directory's entries, symbolic links not followed (neither file nor directory); undefined when it cannot be read. */
	readDir(path: string): Promise<DirEntry[] | undefined>;
};

export type DirEntry = {name: string; isFile: boolean; isDirectory: boolean};

export type ExecOptions = {
	env?: Environment;
	cwd?: string;
	timeoutMs: number;
	input?: string;
	signal?: AbortSignal;
};

export type ExecResult = {
	/** Exit status; undefined when the program could not start or was killed. */
	code: number | undefined;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	/** Set when the program could not be started (e.g. 'ENOENT' for not installed). */
	startError?: string;
};

export type Exec = {
	run(command: string, args: string[], options: ExecOptions): Promise<ExecResult>;
};

export type System = {
	platform: Platform;
	env: Environment;
	/** The working directory go would run in (it decides which go.mod / go.work governs); unknown in some tests. */
	cwd?: string;
	/** The home directory as Go's os.UserHomeDir finds it (HOME, or USERPROFILE on Windows). */
	homeDir: string | undefined;
	fs: FileSystem;
	exec: Exec;
	/** Created on first use: offline runs never load the HTTP stack. */
	http(): Promise<Http>;
	/** Makes a fresh temporary directory and returns its path. */
	makeTempDir(prefix: string): Promise<string>;
	removeDir(path: string): Promise<void>;
	now(): number;
};

export type HttpRequest = {
	url: string;
	method?: 'GET' | 'HEAD';
	headers?: Record<string, string>;
	/** Basic credentials, sent only to the URL's own host over HTTPS, never after a redirect to another host. */
	basicAuth?: {login: string; password: string};
	timeoutMs: number;
	signal?: AbortSignal;
	/** The body is read whatever the status, up to this many bytes (default 1 MiB). */
	maxBodyBytes?: number;
	/** Follow redirects as Go does (at most 10, never https → http); default true. */
	followRedirects?: boolean;
};

export type HttpTimings = {dnsMs?: number; connectMs?: number; tlsMs?: number; firstByteMs?: number; totalMs: number};

export type HttpResponse = {
	status: number;
	statusText: string;
	headers: Record<string, string>;
	body: string;
	truncated: boolean;
	/** The URL that answered, after redirects. */
	url: string;
	/** Each hop before the final one: from, status, to, and whether credentials went along. */
	redirects: Array<{from: string; status: number; to: string; credentialsSent: boolean}>;
	timings: HttpTimings;
	/** How the request left: straight, or through a proxy (named without its userinfo). */
	via: {proxy?: string; proxyVariable?: string; bypassedBy?: string};
};

export type HttpFailureKind =
	| 'dns'
	| 'refused'
	| 'timeout'
	| 'reset'
	| 'proxy-refused'
	| 'proxy-auth'
	| 'tls-unknown-authority'
	| 'tls-name-mismatch'
	| 'tls-expired'
	| 'tls-other'
	| 'redirect-loop'
	| 'insecure-redirect'
	| 'invalid-url'
	| 'cancelled'
	| 'other';

export type HttpFailure = {
	kind: HttpFailureKind;
	/** One line in plain words, with the numbers (limit, port, host) that matter. */
	message: string;
	/** The system error code (ENOTFOUND, ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE, ...). */
	code?: string;
	/** For TLS failures: the certificate's subject, issuer, validity and names, when known. */
	certificate?: {subject?: string; issuer?: string; validTo?: string; altNames?: string};
	via: HttpResponse['via'];
	timings?: HttpTimings;
};

export type HttpResult = {ok: true; response: HttpResponse} | {ok: false; failure: HttpFailure};

/** HTTPS the way the go command does it: proxy from the environment, the CA roots Go trusts here. */
export type Http = {
	get(request: HttpRequest): Promise<HttpResult>;
	/** Where the trusted roots came from (for explanations): files and directories read. */
	trustedRootSources(): Promise<string[]>;
};
