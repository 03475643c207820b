// Module and import path rules of golang.org/x/mod/module (CheckPath, CheckImportPath, the current
// modPathOK/importPathOK split with the Windows short-name rule), the prefixes Go queries for a
// package path (cmd/go modload), and the VCS qualifier of cmd/go/internal/vcs.

import {goQuote, goQuoteRune} from './go-strings.js';

type PathKind = 'module' | 'import';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const BAD_WINDOWS_NAMES = [
	'CON', 'PRN', 'AUX', 'NUL',
	'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9',
	'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
];
// strings.EqualFold(bad, short), as the lower-case forms compared.
const badWindowsNamesLower = new Set(BAD_WINDOWS_NAMES.map(name => name.toLowerCase()));

/** First element of a module path: an LDH domain name, lower case only. */
function firstPathOK(ch: string): boolean {
	return ch === '-' || ch === '.' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z');
}

/** One of - . _ ~ 0-9 A-Z a-z (compared by code: a repository run checks thousands of characters). */
function modPathOK(ch: string): boolean {
	if (ch.length !== 1) return false;
	const code = ch.charCodeAt(0);
	return code === 0x2d || code === 0x2e || code === 0x5f || code === 0x7e || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function importPathOK(ch: string): boolean {
	return modPathOK(ch) || ch === '+';
}

function checkPath(path: string, kind: PathKind): string | undefined {
	// A JS string with a lone surrogate is what Go calls invalid UTF-8.
	if (LONE_SURROGATE.test(path)) return 'invalid UTF-8';
	if (path === '') return 'empty string';
	if (path[0] === '-') return 'leading dash';
	if (path.includes('//')) return 'double slash';
	if (path.endsWith('/')) return 'trailing slash';
	for (const elem of path.split('/')) {
		const problem = checkElem(elem, kind);
		if (problem !== undefined) return problem;
	}
	return undefined;
}

function checkElem(elem: string, kind: PathKind): string | undefined {
	if (elem === '') return 'empty path element';
	if (/^\.+$/.test(elem)) return `invalid path element ${goQuote(elem)}`;
	if (elem[0] === '.' && kind === 'module') return 'leading dot in path element';
	if (elem.endsWith('.')) return 'trailing dot in path element';
	for (const ch of elem) {
		const ok = kind === 'module' ? modPathOK(ch) : importPathOK(ch);
		if (!ok) return `invalid char ${goQuoteRune(ch)}`;
	}
	const dot = elem.indexOf('.');
	const short = dot >= 0 ? elem.slice(0, dot) : elem;
	if (badWindowsNamesLower.has(short.toLowerCase())) return `${goQuote(short)} disallowed as path element component on Windows`;
	// Elements that look like Windows short names (PROGRA~1).
	const tilde = short.lastIndexOf('~');
	if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) {
		return 'trailing tilde and digits in path element';
	}
	return undefined;
}

/** x/mod SplitPathVersion: prefix + "/vN" (or gopkg.in ".vN"); ok=false for /v0, /v1, /v1.2, /v02. */
export function splitPathVersion(path: string): {prefix: string; pathMajor: string; ok: boolean} {
	if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
	let i = path.length;
	let dot = false;
	while (i > 0 && ((path[i - 1]! >= '0' && path[i - 1]! <= '9') || path[i - 1] === '.')) {
		if (path[i - 1] === '.') dot = true;
		i--;
	}
	if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') return {prefix: path, pathMajor: '', ok: true};
	const prefix = path.slice(0, i - 2);
	const pathMajor = path.slice(i - 2);
	if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') return {prefix: path, pathMajor: '', ok: false};
	return {prefix, pathMajor, ok: true};
}

function splitGopkgIn(path: string): {prefix: string; pathMajor: string; ok: boolean} {
	let i = path.length;
	if (path.endsWith('-unstable')) i -= '-unstable'.length;
	while (i > 0 && path[i - 1]! >= '0' && path[i - 1]! <= '9') i--;
	if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return {prefix: path, pathMajor: '', ok: false};
	const prefix = path.slice(0, i - 2);
	const pathMajor = path.slice(i - 2);
	if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) return {prefix: path, pathMajor: '', ok: false};
	return {prefix, pathMajor, ok: true};
}

/** x/mod CheckPath: Go's error text (`malformed module path "p": …`), or undefined when valid. */
export function checkModulePath(path: string): string | undefined {
	const fail = (why: string) => `malformed module path ${goQuote(path)}: ${why}`;
	const general = checkPath(path, 'module');
	if (general !== undefined) return fail(general);
	const slash = path.indexOf('/');
	const first = slash < 0 ? path : path.slice(0, slash);
	if (slash === 0) return fail('leading slash');
	if (!first.includes('.')) return fail('missing dot in first path element');
	if (path[0] === '-') return fail('leading dash in first path element');
	for (const ch of first) {
		if (!firstPathOK(ch)) return fail(`invalid char ${goQuoteRune(ch)} in first path element`);
	}
	if (!splitPathVersion(path).ok) return fail('invalid version');
	return undefined;
}

/** x/mod CheckImportPath: Go's error text (`malformed import path "p": …`), or undefined when valid. */
export function checkImportPath(path: string): string | undefined {
	const problem = checkPath(path, 'import');
	return problem === undefined ? undefined : `malformed import path ${goQuote(path)}: ${problem}`;
}

/** Every prefix of the path that is a valid module path, longest first: the module paths Go queries (docs/go.md §5.1). */
/** GitLab nests subgroups at most 20 levels below a top-level group, so a project path has at most 22 elements
 * (group, 20 subgroups, project). Go asks about every prefix of a path (modload.modulePrefixesExcludingTarget, no
 * limit); this tool asks GitLab only about the prefixes that can be a project, so a 500-element path costs at most
 * 22 requests per step instead of 500. */
export const gitlabMaxProjectElements = 22;

/** The candidates (longest first) that can name a GitLab project: at most `gitlabMaxProjectElements` after the host. */
export function askableModulePaths(candidates: readonly string[]): string[] {
	return candidates.filter(path => path.split('/').length - 1 <= gitlabMaxProjectElements);
}

export function candidateModulePaths(importPath: string): string[] {
	const found: string[] = [];
	let prefix = importPath;
	for (;;) {
		if (checkModulePath(prefix) === undefined) found.push(prefix);
		const slash = prefix.lastIndexOf('/');
		if (slash < 0) break;
		prefix = prefix.slice(0, slash);
	}
	return found;
}

// cmd/go/internal/vcs "General syntax for any server"; newer copies spell [A-Za-z0-9_.\-] as [\w.\-],
// which is the same set. No ^ anchor in current Go: the leftmost match wins.
const QUALIFIER_WITH_BZR = /(?<root>(?<repo>([a-z0-9.\-]+\.)+[a-z0-9.\-]+(:[0-9]+)?(\/~?[A-Za-z0-9_.\-]+)+?)\.(?<vcs>bzr|fossil|git|hg|svn))(\/~?[A-Za-z0-9_.\-]+)*$/;
// Go 1.27 removed Bazaar; the exact new regexp was not seen, this is the same with bzr dropped.
const QUALIFIER_WITHOUT_BZR = /(?<root>(?<repo>([a-z0-9.\-]+\.)+[a-z0-9.\-]+(:[0-9]+)?(\/~?[A-Za-z0-9_.\-]+)+?)\.(?<vcs>fossil|git|hg|svn))(\/~?[A-Za-z0-9_.\-]+)*$/;

/**
 * Go's VCS-qualifier rule (docs/go.md §5.2): an element ending in .git/.hg/.svn/.fossil (and .bzr up to Go
 * 1.26) ends the repository. `root` keeps the suffix, `repo` drops it. Such a path needs no
 * `?go-get=1` request. Pass `{bzr: false}` for Go 1.27+.
 * With two such elements (a.git/b.git) the regexp picks the LAST one: the lazy element loop tries
 * another element before giving back characters of an earlier one. Checked against Go's regexp.
 */
export function vcsQualifier(importPath: string, options: {bzr?: boolean} = {}): {root: string; repo: string; vcs: string} | undefined {
	const re = options.bzr === false ? QUALIFIER_WITHOUT_BZR : QUALIFIER_WITH_BZR;
	const groups = re.exec(importPath)?.groups;
	if (groups === undefined || groups.root === undefined || groups.repo === undefined || groups.vcs === undefined) return undefined;
	return {root: groups.root, repo: groups.repo, vcs: groups.vcs};
}

/** The first path element (the host, for a module path). */
export function hostOf(importPath: string): string {
	const slash = importPath.indexOf('/');
	return slash < 0 ? importPath : importPath.slice(0, slash);
}

/**
 * Plain-language problems with what a user typed, before any Go rule: a URL or scp-style clone
 * address instead of a path, whitespace, a trailing slash, a GitLab UI suffix (`/-/tree/main`),
 * upper case in the host, an `@version` suffix. `suggestion` is the cleaned path when it is a valid
 * import path and differs from the input.
 */
export function diagnoseTypedModule(input: string): {problem?: string; suggestion?: string} {
	const problems: string[] = [];
	let s = input;

	const trimmed = s.trim();
	if (trimmed !== s) {
		problems.push('it has spaces or line breaks around it');
		s = trimmed;
	}
	const command = /^go\s+(?:get|install|mod\s+download)\s+(?:-\S+\s+)*/.exec(s);
	if (command) {
		problems.push(`it starts with the command "${command[0].trim()}"; give only the path`);
		s = s.slice(command[0].length).trim();
	}

	let wasUrl = false;
	const url = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(s);
	const scp = url ? null : /^([^/@\s:]+)@([^/\s:]+):(?!\d+(?:\/|$))(.*)$/s.exec(s);
	if (url) {
		wasUrl = true;
		problems.push(`it is a URL (${url[1]}://…); a module path has no scheme`);
		let rest = url[2]!;
		const slash = rest.indexOf('/');
		let authority = slash < 0 ? rest : rest.slice(0, slash);
		const path = slash < 0 ? '' : rest.slice(slash);
		const at = authority.lastIndexOf('@');
		if (at >= 0) {
			// Never echo what was in the userinfo: it may be a token.
			problems.push('it contains a user name or token before "@"; leave credentials out of the path');
			authority = authority.slice(at + 1);
		}
		const port = /:\d*$/.exec(authority);
		if (port) {
			problems.push('it has a port; a module path cannot contain ":"');
			authority = authority.slice(0, port.index);
		}
		rest = authority + path;
		s = rest;
	} else if (scp) {
		wasUrl = true;
		problems.push(`it is an scp-style git address (${scp[1]}@host:path); a module path is host/path`);
		s = `${scp[2]}/${scp[3]}`;
	}

	const queryOrFragment = /[?#]/.exec(s);
	if (queryOrFragment) {
		problems.push(`it has a "${queryOrFragment[0]}" part; a module path has no query or fragment`);
		s = s.slice(0, queryOrFragment.index);
	}
	const gitlabUi = /\/-(?:\/.*)?$/s.exec(s);
	if (gitlabUi) {
		problems.push('it contains a GitLab page suffix ("/-/…"); use the project path only');
		s = s.slice(0, gitlabUi.index);
	}
	const version = /@([^/@]*)$/.exec(s);
	if (version) {
		problems.push(`it ends in "@${version[1]}"; the version is not part of the module path`);
		s = s.slice(0, version.index);
	}
	if (/\/+$/.test(s) && s.replace(/\/+$/, '') !== '') {
		problems.push('it ends in "/"');
		s = s.replace(/\/+$/, '');
	}
	if (wasUrl && /\.git$/.test(s)) {
		problems.push('it ends in ".git", copied from a clone URL; keep ".git" only if the module line in go.mod has it');
		s = s.slice(0, -'.git'.length);
	}
	const host = hostOf(s);
	if (host !== host.toLowerCase()) {
		problems.push('the host has upper-case letters; Go requires the host in lower case');
		s = host.toLowerCase() + s.slice(host.length);
	}

	if (problems.length === 0) return {};
	const result: {problem?: string; suggestion?: string} = {problem: problems.join('; ')};
	if (s !== input && s !== '' && checkImportPath(s) === undefined) result.suggestion = s;
	return result;
}
