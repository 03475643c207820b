// Does `go get` of the repository's own module work for its consumers? Pure rules over local facts: the module
// path against the project `git remote get-url origin` names, imports of its own packages, and a /vN suffix
// against the major version tags (docs/go.md: module paths and major versions; cmd/go "module declares its
// path as … but was required as …", "invalid version: … should be v0 or v1").
import {describeGitUrl} from './insteadof.js';
import {splitPathVersion} from './module-path.js';

export type OwnFinding = {status: 'pass' | 'warn' | 'fail'; title: string; summary: string; details: string[]};

/** The module path without its /vN suffix and without a `.git` qualifier: the project path the consumers name. */
export function projectBase(modulePath: string): {base: string; major?: string; qualified: boolean} {
	const {prefix, pathMajor} = splitPathVersion(modulePath);
	const qualified = /\.git$/.test(prefix) || /\.git\//.test(prefix);
	return {base: prefix.replace(/\.git(?=\/|$)/, ''), ...(pathMajor ? {major: pathMajor.replace(/^[/.]/, '')} : {}), qualified};
}

/** origin's host and project path (no leading slash, no `.git`), when origin is a URL to a server. */
export function originProject(url: string): {host: string; project: string} | undefined {
	const parsed = describeGitUrl(url.trim());
	if (!parsed.host || !parsed.path || !['https', 'http', 'ssh', 'scp', 'git'].includes(parsed.kind)) return undefined;
	const project = parsed.path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '');
	return project ? {host: parsed.host.toLowerCase(), project} : undefined;
}

/** The module path must name origin's project (plus the module's directory inside the repository). */
export function checkModuleAgainstOrigin(modulePath: string, origin: {host: string; project: string}, subdir: string): OwnFinding {
	const {base} = projectBase(modulePath);
	const expected = `${origin.host}/${origin.project}${subdir ? `/${subdir}` : ''}`;
	const title = 'Module path and origin';
	if (base.toLowerCase() === expected.toLowerCase()) {
		return {status: 'pass', title, summary: `${modulePath} names the project origin points at (${origin.host}/${origin.project})`, details: []};
	}
	const host = base.split('/')[0]?.toLowerCase();
	if (host !== origin.host) {
		return {status: 'warn', title, summary: `the module path names host ${host}, but origin is on ${origin.host}`, details: ['A mirror or a vanity host can be right; if not, consumers fetch another repository than this one.']};
	}
	return {
		status: 'fail',
		title,
		summary: `the module path is ${modulePath}, but origin is the project ${origin.project}: consumers' go get asks for ${expected}, and go stops with "module declares its path as ${modulePath} but was required as ${expected}"`,
		details: [`Make the module directive name ${expected}${projectBase(modulePath).major ? `/${projectBase(modulePath).major}` : ''} (and every import of its packages), or point origin at the project the path names.`],
	};
}

/** Imports of the module's own packages that use another spelling of its path (a half-done `.git` rename, a missing or stale /vN). */
export function checkOwnImports(modulePath: string, imports: Array<{path: string; file: string; line: number}>): OwnFinding {
	const {base} = projectBase(modulePath);
	const title = 'Imports of its own packages';
	const inModule = (path: string) => path === modulePath || path.startsWith(`${modulePath}/`);
	const stray = imports.filter(each => {
		if (inModule(each.path)) return false;
		const candidate = projectBase(each.path).base;
		return candidate === base || candidate.startsWith(`${base}/`);
	});
	if (stray.length === 0) return {status: 'pass', title, summary: `every import of its own packages uses ${modulePath}`, details: []};
	const shown = stray.slice(0, 5).map(each => `${each.file}:${each.line}: ${JSON.stringify(each.path)}`);
	// Only another major version's path can be on purpose (a v2 module may import v1); a .git spelling never is.
	const {qualified, major} = projectBase(modulePath);
	const onPurpose = stray.every(each => projectBase(each.path).qualified === qualified && projectBase(each.path).major !== major);
	return {
		status: onPurpose ? 'warn' : 'fail',
		title,
		summary: `${stray.length} ${stray.length === 1 ? 'import uses' : 'imports use'} another path for this module than ${modulePath} (a rename not carried through)`,
		details: [...shown, ...(stray.length > 5 ? [`… and ${stray.length - 5} more`] : []), `go build here and go get by consumers fail: the module ${modulePath} has no package at those paths.`],
	};
}

/** A /vN suffix must agree with the major version tags, when there are tags. */
export function checkMajorVersion(modulePath: string, tags: string[]): OwnFinding | undefined {
	const releases = tags.filter(tag => /^v\d+\.\d+\.\d+/.test(tag) && !tag.includes('+incompatible'));
	if (releases.length === 0) return undefined;
	const title = 'Major version and tags';
	const majors = [...new Set(releases.map(tag => Number(/^v(\d+)/.exec(tag)![1])))].sort((a, b) => a - b);
	const highest = majors[majors.length - 1]!;
	const {major} = projectBase(modulePath);
	const own = major ? Number(major.replace(/^v/, '')) : undefined;
	if (own === undefined && highest >= 2) {
		return {status: 'fail', title, summary: `tags up to v${highest} exist, but the module path has no /v${highest} suffix: go get …@v${highest}.x.y fails ("should be v0 or v1")`, details: [`A module at major version 2 or higher must end in /vN (module ${modulePath}/v${highest}).`]};
	}
	if (own !== undefined && !majors.includes(own)) {
		return {status: 'warn', title, summary: `the module path ends in /v${own}, but no v${own}.x.y tag exists (highest: v${highest})`, details: [`Tag a v${own} release so that consumers can require it.`]};
	}
	return {status: 'pass', title, summary: `the module path's major version agrees with the tags (up to v${highest})`, details: []};
}

/** The import paths of a Go file: single `import "x"` and `import ( … )` blocks, with aliases; comments skipped. */
export function goImports(text: string): Array<{path: string; line: number}> {
	const found: Array<{path: string; line: number}> = [];
	const lines = text.split('\n');
	let inBlock = false;
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index]!.replace(/\/\/.*$/, '').trim();
		if (inBlock) {
			if (line.startsWith(')')) {
				inBlock = false;
				continue;
			}
			const match = /^(?:[\w.]+\s+)?"([^"]+)"/.exec(line);
			if (match) found.push({path: match[1]!, line: index + 1});
			continue;
		}
		if (/^import\s*\($/.test(line) || /^import\s*\(\s*$/.test(line)) {
			inBlock = true;
			continue;
		}
		const single = /^import\s+(?:[\w.]+\s+)?"([^"]+)"/.exec(line);
		if (single) found.push({path: single[1]!, line: index + 1});
		// Imports come before any declaration: stop at the first func/type/var/const.
		if (/^(func|type|var|const)\b/.test(line)) break;
	}
	return found;
}
