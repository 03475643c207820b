// OpenSSH client output, read the way a person reads it: what ssh (under BatchMode, as Go runs git) prints when it
// fails, what gitlab-shell answers to `ssh -T`, and what `ssh -G` says the effective client configuration is.
// Texts: openssh-portable sshconnect.c, sshconnect2.c, ssh.c [docs/sources.md §R24]; gitlab-shell discover [docs/sources.md §R22]; docs/git.md §4.

export type SshFailure =
	| {kind: 'publickey'; methods?: string}
	| {kind: 'host-key-unknown'}
	| {kind: 'host-key-changed'; file?: string; line?: number}
	| {kind: 'dns'; host: string}
	| {kind: 'refused'; host: string; port: string}
	| {kind: 'timeout'}
	| {kind: 'unknown'; detail: string};

function meaningfulLines(text: string): string[] {
	return text
		.split(/\r?\n/)
		.map(line => line.trim())
		.filter(line => line !== '' && !/^@+/.test(line));
}

/** Classify what ssh wrote to stderr when it could not connect or authenticate. */
export function classifySshStderr(stderr: string): SshFailure {
	const text = typeof stderr === 'string' ? stderr : '';
	// A changed key is reported with a warning block before the verdict; with StrictHostKeyChecking=no ssh goes on.
	const verificationFailed = /Host key verification failed\./.test(text) || /has changed and you have requested strict checking/.test(text);
	if (verificationFailed && /REMOTE HOST IDENTIFICATION HAS CHANGED/.test(text)) {
		const offending = /Offending (?:[A-Z0-9-]+ )?key(?: for IP)? in (.+):(\d+)/.exec(text);
		if (offending) return {kind: 'host-key-changed', file: offending[1]!.trim(), line: Number(offending[2])};
		return {kind: 'host-key-changed'};
	}
	if (verificationFailed || /host key is known for .* and you have requested strict checking/.test(text)) return {kind: 'host-key-unknown'};
	const denied = /Permission denied \(([^)]*)\)/.exec(text);
	if (denied) return {kind: 'publickey', methods: denied[1]!};
	const unresolved = /ssh: Could not resolve hostname (.+?): /.exec(text);
	if (unresolved) return {kind: 'dns', host: unresolved[1]!};
	const connect = /ssh: connect to host (\S+) port (\d+): (.*)/.exec(text);
	if (connect) {
		const reason = connect[3]!;
		if (/Connection refused/i.test(reason)) return {kind: 'refused', host: connect[1]!, port: connect[2]!};
		if (/timed out/i.test(reason)) return {kind: 'timeout'};
		return {kind: 'unknown', detail: connect[0].trim()};
	}
	if (/Connection timed out during banner exchange|Operation timed out/.test(text)) return {kind: 'timeout'};
	const detail = meaningfulLines(text).find(line => !/^(fatal: Could not read from remote repository|Please make sure you have the correct access rights|and the repository exists)/.test(line));
	return {kind: 'unknown', detail: detail ?? text.trim().slice(0, 500)};
}

/** Parse `Welcome to GitLab, @alice!` / `Welcome to GitLab, Anonymous!` from ssh -T stdout. */
export function parseGitlabWelcome(stdout: string): {user?: string; anonymous: boolean} | undefined {
	const match = /Welcome to GitLab, (@?)([^!\r\n]*)!/.exec(typeof stdout === 'string' ? stdout : '');
	if (!match) return undefined;
	const name = match[2]!.trim();
	if (match[1] === '' && name === 'Anonymous') return {anonymous: true};
	// Old gitlab-shell releases greeted with the display name, without '@'.
	return {user: name, anonymous: false};
}

/** Parse `ssh -G` output (lowercase `key value` lines; identityfile repeatable). `options` keeps the first value of every key. */
export function parseSshG(output: string): {user?: string; hostname?: string; port?: number; identityFiles: string[]; options: Record<string, string>} {
	const options: Record<string, string> = {};
	const identityFiles: string[] = [];
	for (const raw of (typeof output === 'string' ? output : '').split(/\r?\n/)) {
		const line = raw.trim();
		if (line === '') continue;
		const space = line.search(/\s/);
		const key = (space < 0 ? line : line.slice(0, space)).toLowerCase();
		const value = space < 0 ? '' : line.slice(space).trim();
		if (key === 'identityfile') identityFiles.push(value);
		if (!Object.hasOwn(options, key)) options[key] = value;
	}
	const result: {user?: string; hostname?: string; port?: number; identityFiles: string[]; options: Record<string, string>} = {identityFiles, options};
	if (options['user'] !== undefined) result.user = options['user'];
	if (options['hostname'] !== undefined) result.hostname = options['hostname'];
	const port = options['port'];
	if (port !== undefined && /^[0-9]+$/.test(port)) result.port = Number(port);
	return result;
}
