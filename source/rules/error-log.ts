// A pasted error or CI log cut into the blocks go and git print: colours, CRLF and runner timestamps removed, go's
// own error lines (a first line, then lines go indents with a tab) kept together with the git stderr go quotes, and
// git's own lines outside any go error kept as blocks of their own.

// CSI and OSC sequences (colours, GitLab's section markers), then any other C0/C1 control but tab, and bidi overrides.
const ansi = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-Z\\-_]/g;
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// Runner prefixes: GitLab's `2024-05-01T10:00:00.123456Z 00O+ `, GitHub's `2024-05-01T10:00:00.1234567Z `,
// BuildKit's `#9 33.83 `, and `[10:00:00]` / `10:00:00 ` clocks. Only the prefix goes: go's tab stays.
const prefixes = [
	/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)? ?(?:\d\d[OE]\+? )?/,
	/^#\d+ \d+(?:\.\d+)? /,
	/^\[\d\d:\d\d:\d\d(?:\.\d+)?\] ?/,
	/^\d\d:\d\d:\d\d(?:\.\d+)? /,
];

/** One line as go or git printed it, without the runner's decoration. */
export function cleanLine(raw: string): string {
	let line = raw.replace(ansi, '').replace(/\r$/, '');
	for (const prefix of prefixes) line = line.replace(prefix, '');
	return line.replace(controls, '').replace(/\s+$/, '');
}

export function cleanText(text: string): string[] {
	return text.split(/\r\n|\r|\n/).map(cleanLine);
}

export type LogBlock = {
	kind: 'go' | 'git';
	/** The block's lines, cleaned, in order (go's tab indentation kept). */
	lines: string[];
};

// A go error's first line: `go: …`, `verifying …`, `MODULE@VERSION: …`, `module MODULE: …`, `go get: …`.
const goStart = /^(?:go(?: get| mod \w+| install| build| list)?: |import "[^"]+": |verifying \S+|[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?\/\S*@\S+: |module [a-z0-9.-]+\.[a-z]{2,}\S*: |package [a-z0-9.-]+\.[a-z]{2,}\S*: |[a-z0-9.-]+\.[a-z]{2,}\S*: (?:unrecognized import path|reading https?:|module lookup|git ls-remote))/i;
// What go prints under its error: git's stderr and the server's answer indented, its own notes without a tab.
const goContinuation = /^(?:Confirm the import path was entered correctly\.|If this is a private repository, see |SECURITY (?:ERROR|WARNING)|This download |The bits may have been|have intercepted the download|For more information, see 'go help|\s)/;
// git's and ssh's own lines.
const gitLine = /^\s*(?:fatal: |\S+@\S+: Permission denied \(|error: |remote: |warning: redirecting|ssh: |Permission denied \(|Host key verification failed|@@@@|WARNING: REMOTE HOST|Please make sure you have the correct access rights|and the repository exists|Cloning into |Load key |kex_exchange_identification|Connection closed by |Bad owner or permissions|No ECDSA host key|Offending .*key in )/;

/** Cut cleaned lines into go error blocks and git blocks; lines that belong to neither are dropped. */
export function splitBlocks(lines: readonly string[]): LogBlock[] {
	const blocks: LogBlock[] = [];
	let current: LogBlock | undefined;
	for (const line of lines) {
		if (line.trim() === '') {
			// go quotes git's stderr with its blank lines tab-indented ("\t"), which cleaning reduced to ''; a blank
			// line ends a git block but not a go block whose next line is still indented.
			if (current?.kind === 'git') current = undefined;
			continue;
		}
		if (goStart.test(line) && !/^go: (?:downloading|finding|extracting|found|upgraded|added) /.test(line)) {
			current = {kind: 'go', lines: [line]};
			blocks.push(current);
			continue;
		}
		if (current?.kind === 'go' && goContinuation.test(line)) {
			current.lines.push(line);
			continue;
		}
		if (gitLine.test(line)) {
			if (current?.kind !== 'git') {
				current = {kind: 'git', lines: []};
				blocks.push(current);
			}
			current.lines.push(line);
			continue;
		}
		if (/^go: downloading go1/.test(line)) {
			// A toolchain download note: kept, the error that follows explains it.
			current = {kind: 'go', lines: [line]};
			blocks.push(current);
			continue;
		}
		current = undefined;
	}
	return blocks;
}

/** Lines that look like errors (for text nothing recognised): at most `limit`, in order. */
export function errorLookingLines(lines: readonly string[], limit = 12): string[] {
	return lines.filter(line => /\b(?:error|fatal|failed|denied|refused|cannot|could not|unable|not found|timeout|timed out|x509|unrecognized)\b/i.test(line)).slice(0, limit);
}
