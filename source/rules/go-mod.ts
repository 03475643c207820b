// The `require` directives of a go.mod file, read the way golang.org/x/mod/modfile lexes them:
// one directive per line, or a block `require (` … `)` with one requirement per line; paths may be
// quoted ("…" with Go escapes, or `…`); `//` starts a comment; `// indirect` marks an indirect one.
// Only what the TUI needs to offer modules to check, never to edit the file.

export type GoModRequire = {path: string; version: string; indirect: boolean; line: number};

type Token = {text: string; quoted: boolean};

/** Splits a line into tokens and its trailing comment; undefined when a quoted string is not closed. */
function tokenize(line: string): {tokens: Token[]; comment: string} | undefined {
	const tokens: Token[] = [];
	let i = 0;
	while (i < line.length) {
		const char = line[i]!;
		if (char === ' ' || char === '\t' || char === '\r') {
			i++;
			continue;
		}
		if (line.startsWith('//', i)) return {tokens, comment: line.slice(i + 2).trim()};
		if (char === '"') {
			const end = closingQuote(line, i);
			if (end < 0) return undefined;
			const unquoted = unquote(line.slice(i, end + 1));
			if (unquoted === undefined) return undefined;
			tokens.push({text: unquoted, quoted: true});
			i = end + 1;
			continue;
		}
		if (char === '`') {
			const end = line.indexOf('`', i + 1);
			if (end < 0) return undefined;
			tokens.push({text: line.slice(i + 1, end), quoted: true});
			i = end + 1;
			continue;
		}
		if (char === '(' || char === ')') {
			tokens.push({text: char, quoted: false});
			i++;
			continue;
		}
		let end = i;
		while (end < line.length && !/[\s()"`]/.test(line[end]!) && !line.startsWith('//', end)) end++;
		tokens.push({text: line.slice(i, end), quoted: false});
		i = end;
	}
	return {tokens, comment: ''};
}

function closingQuote(line: string, open: number): number {
	for (let i = open + 1; i < line.length; i++) {
		if (line[i] === '\\') i++;
		else if (line[i] === '"') return i;
	}
	return -1;
}

function unquote(quoted: string): string | undefined {
	try {
		const value: unknown = JSON.parse(quoted);
		return typeof value === 'string' ? value : undefined;
	} catch {
		return undefined;
	}
}

/** modfile's isIndirect: the comment is exactly "indirect" or starts with "indirect;". */
function isIndirect(comment: string): boolean {
	return comment === 'indirect' || comment.startsWith('indirect;');
}

/** Every requirement in the file, in file order; lines it cannot read are passed over, never guessed at. */
export function parseGoModRequires(text: string): GoModRequire[] {
	return goModDirectives(text)
		.filter(directive => directive.verb === 'require' && directive.args.length === 2 && directive.args.every(arg => arg !== ''))
		.map(({args: [path, version], comment, line}) => ({path: path!, version: version!, indirect: isIndirect(comment), line}));
}

/** The path of the `module` directive, when there is one. */
export function goModModulePath(text: string): string | undefined {
	for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
		const lexed = tokenize(raw);
		if (!lexed) continue;
		const [verb, path] = lexed.tokens;
		if (verb?.text === 'module' && !verb.quoted && path && lexed.tokens.length === 2) return path.text;
	}
	return undefined;
}

export type GoModDirective = {verb: string; args: string[]; comment: string; line: number};

/** Every directive of a go.mod or go.work file, a block's entries each as its own directive with the block's verb. */
export function goModDirectives(text: string): GoModDirective[] {
	const found: GoModDirective[] = [];
	let block: string | undefined;
	text.replace(/^\uFEFF/, '').split('\n').forEach((raw, index) => {
		const lexed = tokenize(raw);
		if (!lexed || lexed.tokens.length === 0) return;
		const {tokens, comment} = lexed;
		const line = index + 1;
		if (block !== undefined) {
			if (tokens.length === 1 && tokens[0]!.text === ')' && !tokens[0]!.quoted) block = undefined;
			else found.push({verb: block, args: tokens.map(token => token.text), comment, line});
			return;
		}
		const [verb, ...rest] = tokens;
		if (!verb || verb.quoted) return;
		if (rest.length === 1 && rest[0]!.text === '(' && !rest[0]!.quoted) {
			block = verb.text;
			return;
		}
		if (rest.length === 2 && rest[0]!.text === '(' && rest[1]!.text === ')') return;
		found.push({verb: verb.text, args: rest.map(token => token.text), comment, line});
	});
	return found;
}
