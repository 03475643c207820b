// Finds the Go module or workspace a directory belongs to, as cmd/go does (modload.findModuleRoot and
// findWorkspaceFile): GOWORK=off → no workspace; GOWORK=/abs/go.work → that file; unset → the nearest go.work
// upward, else the nearest go.mod upward. Then lists the modules `go` fetches for it.
import {dirname, isAbsolute, join, resolve} from 'node:path';
import {readTextFile} from '../checks/read-text.js';
import {modulePathOf, requiredModules, workspaceUses, type ModuleFile, type RequiredModule} from '../rules/repository-modules.js';
import type {System} from '../system/types.js';

export type OwnModule = {path: string; dir: string; file: string};

export type Repository = {
	kind: 'module' | 'workspace';
	/** The go.mod or go.work file that defines it. */
	file: string;
	own: OwnModule[];
	modules: RequiredModule[];
	/** Files that could not be read, `use` directories without go.mod: said, never guessed around. */
	notes: string[];
};

export async function discoverRepository(system: System, startDir: string): Promise<Repository | {error: string}> {
	const start = resolve(startDir);
	const startInfo = await system.fs.stat(start);
	if (!startInfo?.isDirectory) return {error: `${start} is not a directory`};
	const gowork = system.env['GOWORK'] ?? '';
	let workFile: string | undefined;
	if (gowork !== 'off' && gowork !== '') {
		if (!isAbsolute(gowork)) return {error: `GOWORK=${gowork} is not an absolute path (go says "invalid GOWORK: not an absolute path")`};
		workFile = gowork;
	} else if (gowork === '') workFile = await findUpward(system, start, 'go.work');

	if (workFile) {
		const work = await readTextFile(system, workFile);
		if (work.kind !== 'text') return {error: `cannot read ${workFile}: ${work.kind === 'missing' ? 'it does not exist' : work.reason}`};
		const notes: string[] = [];
		const mods: ModuleFile[] = [];
		const own: OwnModule[] = [];
		for (const use of workspaceUses(work.text)) {
			const dir = resolve(dirname(workFile), use);
			const file = join(dir, 'go.mod');
			const mod = await readTextFile(system, file);
			if (mod.kind !== 'text') {
				notes.push(`${workFile}: use ${use}: ${file} ${mod.kind === 'missing' ? 'does not exist' : `cannot be read (${mod.reason})`}`);
				continue;
			}
			mods.push({file, text: mod.text});
			const path = modulePathOf(mod.text);
			if (path) own.push({path, dir, file});
		}
		const ownPaths = new Set(own.map(each => each.path));
		return {kind: 'workspace', file: workFile, own, modules: requiredModules(mods, {file: workFile, text: work.text}, ownPaths), notes};
	}

	const modFile = await findUpward(system, start, 'go.mod');
	if (!modFile) return {error: `no go.mod in ${start} or any directory above it (and no go.work): not inside a Go module`};
	const mod = await readTextFile(system, modFile);
	if (mod.kind !== 'text') return {error: `cannot read ${modFile}: ${mod.kind === 'missing' ? 'it does not exist' : mod.reason}`};
	const path = modulePathOf(mod.text);
	const own = path ? [{path, dir: dirname(modFile), file: modFile}] : [];
	return {kind: 'module', file: modFile, own, modules: requiredModules([{file: modFile, text: mod.text}], undefined, new Set(own.map(each => each.path))), notes: path ? [] : [`${modFile} has no module directive`]};
}

async function findUpward(system: System, start: string, name: string): Promise<string | undefined> {
	for (let dir = start; ; dir = dirname(dir)) {
		const candidate = join(dir, name);
		const info = await system.fs.stat(candidate);
		if (info && !info.isDirectory) return candidate;
		if (dirname(dir) === dir) return undefined;
	}
}
