// Go's go-import meta-tag discovery: parseMetaGoImports (cmd/go/internal/vcs/discovery.go), matchGoImport and
// validateRepoRoot (vcs.go) and the git remote check of codehost/git.go. The page is read the way Go reads it: with
// encoding/xml in non-strict mode, token by token (RawToken), with no HTML entity table and no auto-closing. A
// tolerant HTML parser would find tags Go misses and miss errors Go reports, so the tokenizer is a byte-level port
// of the part of encoding/xml that RawToken uses (go-xml-tokenizer.ts).
import {goFields, goQuote} from './go-strings.js';
import {RawTokenizer, type Attr} from './go-xml-tokenizer.js';
import {goUrlParse} from './go-url.js';

const utf8Encoder = new TextEncoder();

export type MetaImport = {prefix: string; vcs: string; repoRoot: string; subdir?: string};

/** strings.EqualFold for the ASCII words compared here (none of them has a letter with a non-ASCII fold). */
function equalFold(a: string, b: string): boolean {
	return a.length === b.length && a.toLowerCase() === b.toLowerCase() && /^[\x00-\x7f]*$/.test(a);
}

function attrValue(attrs: Attr[], name: string): string {
	return attrs.find(attr => equalFold(attr.name.local, name))?.value ?? '';
}

export type ParseOptions = {
	/** Go ≥ 1.25 accepts a 4th content field (subdir). Default true (current Go). */
	allowSubdir?: boolean;
	/** `go get` in module mode (PreferMod): `mod` tags first, superseding same-prefix tags. Off (GOPATH mode) drops `mod` tags. Default true. */
	moduleMode?: boolean;
	/** When given, `error` reads as Go prints it: `parsing <importPath>: <xml error>`. */
	importPath?: string;
};

/** Tokenise like encoding/xml non-strict RawToken, as the go command does: stop at <body> start or </head> end; meta name exactly "go-import" (attribute names case-insensitive, element name case-insensitive); content split on whitespace, 3 fields (or 4 when allowSubdir, Go ≥1.25); module mode puts `mod` entries first and drops a non-mod entry with the same prefix as a mod one. `error` when tokenising failed before any tag (Go: `parsing <path>: <xml error>`).
 *
 * The go command sets neither encoding/xml's HTML auto-close list nor its HTML entity table (and RawToken would not
 * auto-close anyway): `&nbsp;` stays as written; only `&amp; &lt; &gt; &quot; &apos;` and numeric references are
 * replaced. Attributes may be unquoted ([A-Za-z0-9_:-]* only) or bare. A raw `<` that does not start a tag (as in
 * an inline `<script>` with `a < b`, `1 <2` or `a<b)`) before the first go-import tag makes Go fail, e.g.
 * `XML syntax error on line N: expected element name after <`; after a tag was found, errors are ignored.
 * The html may be given as bytes, which is exact for pages that are not valid UTF-8. */
export function parseMetaGoImports(html: string | Uint8Array, options: ParseOptions = {}): {imports: MetaImport[]; error?: string} {
	try {
		return parse(typeof html === 'string' ? utf8Encoder.encode(html) : html, options);
	} catch (error) {
		return {imports: [], error: `could not parse the page: ${String(error)}`};
	}
}

function parse(bytes: Uint8Array, options: ParseOptions): {imports: MetaImport[]; error?: string} {
	const allowSubdir = options.allowSubdir ?? true;
	const moduleMode = options.moduleMode ?? true;
	const tokenizer = new RawTokenizer(bytes);
	const found: MetaImport[] = [];
	for (;;) {
		const token = tokenizer.next();
		if (token === undefined) {
			const err = tokenizer.err;
			if (err !== undefined && !err.eof && found.length === 0) {
				const error = options.importPath !== undefined ? `parsing ${options.importPath}: ${err.message}` : err.message;
				return {imports: [], error};
			}
			break;
		}
		if (token.type === 'start' && equalFold(token.name.local, 'body')) break;
		if (token.type === 'end' && equalFold(token.name.local, 'head')) break;
		if (token.type !== 'start' || !equalFold(token.name.local, 'meta')) continue;
		if (attrValue(token.attrs, 'name') !== 'go-import') continue;
		const fields = goFields(attrValue(token.attrs, 'content'));
		if (fields.length === 3 || (allowSubdir && fields.length === 4)) {
			const [prefix, vcs, repoRoot, subdir] = fields as [string, string, string, string?];
			found.push(subdir !== undefined ? {prefix, vcs, repoRoot, subdir} : {prefix, vcs, repoRoot});
		}
	}
	const modPrefixes = new Set<string>();
	const imports: MetaImport[] = [];
	if (moduleMode) {
		for (const tag of found) {
			if (tag.vcs === 'mod') {
				modPrefixes.add(tag.prefix);
				imports.push(tag);
			}
		}
	}
	for (const tag of found) {
		if (tag.vcs !== 'mod' && !modPrefixes.has(tag.prefix)) imports.push(tag);
	}
	return {imports};
}

/** str.HasPathPrefix: equal, or a prefix ending at a '/' boundary (an empty prefix matches everything). */
export function hasPathPrefix(path: string, prefix: string): boolean {
	if (path.length === prefix.length) return path === prefix;
	if (prefix === '') return true;
	if (path.length > prefix.length && (prefix.endsWith('/') || path[prefix.length] === '/')) return path.startsWith(prefix);
	return false;
}

/** Which tag Go uses for importPath: prefix equal or a '/'-boundary prefix; none → Go's 'no go-import meta tags (meta tag P did not match import path X)'; several → 'multiple meta tags match import path "X"'.
 * With `pageUrl` the error carries Go's `parse <url>: ` prefix. */
export function matchGoImport(imports: MetaImport[], importPath: string, pageUrl?: string): {match?: MetaImport; error?: string} {
	const prefix = pageUrl !== undefined ? `parse ${pageUrl}: ` : '';
	let match: MetaImport | undefined;
	const mismatches: string[] = [];
	for (const tag of imports) {
		if (!hasPathPrefix(importPath, tag.prefix)) {
			mismatches.push(tag.prefix);
			continue;
		}
		if (match !== undefined) {
			// mod entries come first; once a mod entry matched, later non-mod entries do not count.
			if (match.vcs === 'mod' && tag.vcs !== 'mod') break;
			return {error: `${prefix}multiple meta tags match import path ${goQuote(importPath)}`};
		}
		match = tag;
	}
	if (match === undefined) {
		const detail = mismatches.map(tagPrefix => `meta tag ${tagPrefix} did not match import path ${importPath}`).join(', ');
		return {error: `${prefix}no go-import meta tags (${detail})`};
	}
	return {match};
}

/** The version control systems the go command knows (bzr was removed in Go 1.27). */
export const knownVcs = ['git', 'hg', 'svn', 'fossil', 'mod'] as const;

/** Validates the chosen repo root as Go does: scheme present and not file, known vcs, git remote must contain '://' (scp form rejected with Go's message).
 * With `pageUrl` the first two errors carry Go's `<url>: ` prefix, as the go command prints them. */
export function validateRepoRoot(meta: MetaImport, pageUrl?: string): string | undefined {
	try {
		const prefix = pageUrl !== undefined ? `${pageUrl}: ` : '';
		const parsed = goUrlParse(meta.repoRoot);
		const problem = parsed.error ?? (parsed.url?.scheme === '' ? 'no scheme' : parsed.url?.scheme === 'file' ? 'file scheme disallowed' : undefined);
		if (problem !== undefined) return `${prefix}invalid repo root ${goQuote(meta.repoRoot)}: ${problem}`;
		if (!(knownVcs as readonly string[]).includes(meta.vcs)) return `${prefix}unknown vcs ${goQuote(meta.vcs)}`;
		if (meta.vcs === 'git' && !meta.repoRoot.includes('://')) {
			// codehost/git.go, when git is asked for the repository.
			if (meta.repoRoot.includes(':')) return `git remote (${meta.repoRoot}) must not be local directory (use URL syntax not host:path syntax)`;
			return `git remote (${meta.repoRoot}) must not be local directory`;
		}
		return undefined;
	} catch (error) {
		return `could not validate the repo root: ${String(error)}`;
	}
}
