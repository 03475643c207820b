// Which modules a repository makes `go` fetch, read from go.mod and go.work the way cmd/go reads them:
// every `require` (direct and indirect), every `replace` whose target is a module path (a directory target is
// local and fetches nothing), and in a workspace the requirements of every `use`d module. Pure: file texts in.
import {goModDirectives} from './go-mod.js';
import {compareText} from './text-order.js';

export type ModuleSource = 'require' | 'indirect' | 'replace' | 'argument';

export type RequiredModule = {path: string; version?: string; source: ModuleSource; file: string; line?: number};

export type ModuleFile = {file: string; text: string};

/** modfile.IsDirectoryPath: a replacement that names a directory, not a module (./x, ../x, /x, C:\x, `.`, `..`). */
export function isDirectoryPath(path: string): boolean {
	return path === '.' || path === '..' || /^\.\.?[/\\]/.test(path) || path.startsWith('/') || /^[A-Za-z]:[/\\]/.test(path) || path.startsWith('\\');
}

export function modulePathOf(text: string): string | undefined {
	const directive = goModDirectives(text).find(each => each.verb === 'module');
	return directive?.args.length === 1 ? directive.args[0] : undefined;
}

/** The `use` directories of a go.work file, as written (relative to the file). */
export function workspaceUses(text: string): string[] {
	return goModDirectives(text).filter(each => each.verb === 'use' && each.args.length === 1).map(each => each.args[0]!);
}

/**
 * The modules `go` fetches for these go.mod files (and the go.work file, whose replaces win). A replaced module is
 * fetched as its replacement: the replacement is listed, the original is not. The repository's own modules
 * (`ownPaths`) are never listed: in a workspace they come from disk.
 */
export function requiredModules(mods: ModuleFile[], work?: ModuleFile, ownPaths: ReadonlySet<string> = new Set()): RequiredModule[] {
	const required = new Map<string, RequiredModule>();
	const replaced = new Map<string, {target?: RequiredModule; version?: string}>();
	const noteReplace = (file: string, args: string[], line: number) => {
		const arrow = args.indexOf('=>');
		if (arrow < 1) return;
		const [oldPath, oldVersion] = args.slice(0, arrow);
		const [newPath, newVersion] = args.slice(arrow + 1);
		if (!oldPath || !newPath) return;
		const key = oldVersion ? `${oldPath}@${oldVersion}` : oldPath;
		replaced.set(key, {target: isDirectoryPath(newPath) ? undefined : {path: newPath, version: newVersion, source: 'replace', file, line}});
	};
	for (const mod of mods) {
		for (const directive of goModDirectives(mod.text)) {
			if (directive.verb === 'require' && directive.args.length === 2) {
				const [path, version] = directive.args as [string, string];
				if (ownPaths.has(path) || required.has(`${path}@${version}`)) continue;
				const indirect = directive.comment === 'indirect' || directive.comment.startsWith('indirect;');
				required.set(`${path}@${version}`, {path, version, source: indirect ? 'indirect' : 'require', file: mod.file, line: directive.line});
			} else if (directive.verb === 'replace') noteReplace(mod.file, directive.args, directive.line);
		}
	}
	if (work) for (const directive of goModDirectives(work.text)) if (directive.verb === 'replace') noteReplace(work.file, directive.args, directive.line);

	const result = new Map<string, RequiredModule>();
	for (const module of required.values()) {
		const replacement = replaced.get(`${module.path}@${module.version}`) ?? replaced.get(module.path);
		if (!replacement) result.set(`${module.path}@${module.version}`, module);
		else if (replacement.target && !ownPaths.has(replacement.target.path)) {
			const target = replacement.target;
			result.set(`${target.path}@${target.version}`, target);
		}
	}
	return [...result.values()].sort((a, b) => compareText(a.path, b.path) || compareText(a.version ?? '', b.version ?? ''));
}

/** `MODULE@VERSION` as `go get` takes it: the version is everything after the last `@`. */
export function splitModuleVersion(argument: string): {path: string; version?: string} {
	const at = argument.lastIndexOf('@');
	return at > 0 ? {path: argument.slice(0, at), version: argument.slice(at + 1) || undefined} : {path: argument};
}
