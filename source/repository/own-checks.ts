// The repository's own modules, checked offline from local files: the module path against origin, imports of its
// own packages, the /vN suffix against the local tags (source/rules/own-module.ts holds the rules). Files and git
// through System, as every check reads them.
import {join, relative} from 'node:path';
import {readTextFile} from '../checks/read-text.js';
import {checkMajorVersion, checkModuleAgainstOrigin, checkOwnImports, goImports, originProject, type OwnFinding} from '../rules/own-module.js';
import type {System} from '../system/types.js';
import type {OwnModule} from './discover.js';

export type OwnModuleResult = {module: string; dir: string; findings: OwnFinding[]};

/** Go files read at most, so that a huge repository stays fast; said in the finding when reached. */
const fileLimit = 5000;

export async function checkOwnModules(system: System, own: OwnModule[]): Promise<OwnModuleResult[]> {
	return Promise.all(own.map(async module => ({module: module.path, dir: module.dir, findings: await checkOne(system, module)})));
}

async function checkOne(system: System, module: OwnModule): Promise<OwnFinding[]> {
	const git = async (args: string[]) => {
		const result = await system.exec.run('git', ['-C', module.dir, ...args], {timeoutMs: 5000, env: {...system.env, GIT_TERMINAL_PROMPT: '0'}});
		return result.code === 0 ? result.stdout.trim() : undefined;
	};
	const findings: OwnFinding[] = [];
	const [originUrl, top] = await Promise.all([git(['remote', 'get-url', 'origin']), git(['rev-parse', '--show-toplevel'])]);
	const origin = originUrl ? originProject(originUrl) : undefined;
	const subdir = top ? relative(top, module.dir).split('\\').join('/') : '';
	if (origin) findings.push(checkModuleAgainstOrigin(module.path, origin, subdir));
	const {imports, truncated} = await ownImports(system, module.dir);
	const importFinding = checkOwnImports(module.path, imports);
	if (truncated) importFinding.details.push(`Only the first ${fileLimit} .go files were read.`);
	findings.push(importFinding);
	if (top && subdir === '') {
		const tags = await git(['tag', '--list', 'v*']);
		const major = checkMajorVersion(module.path, tags ? tags.split('\n').filter(Boolean) : []);
		if (major) findings.push(major);
	}
	return findings;
}

/** Every import in the module's .go files: vendor/, testdata/, hidden and `_` directories and nested modules skipped, as go does. */
async function ownImports(system: System, root: string): Promise<{imports: Array<{path: string; file: string; line: number}>; truncated: boolean}> {
	const imports: Array<{path: string; file: string; line: number}> = [];
	let files = 0;
	const walk = async (dir: string, top: boolean): Promise<void> => {
		const entries = await system.fs.readDir(dir);
		if (!entries) return;
		if (!top && entries.some(entry => entry.name === 'go.mod' && entry.isFile)) return;
		for (const entry of entries) {
			if (files >= fileLimit) return;
			const path = join(dir, entry.name);
			if (entry.isDirectory) {
				if (entry.name === 'vendor' || entry.name === 'testdata' || entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
				await walk(path, false);
			} else if (entry.isFile && entry.name.endsWith('.go')) {
				files++;
				const file = await readTextFile(system, path, 256 * 1024);
				if (file.kind !== 'text') continue;
				// A file name is foreign text: no control character reaches the terminal.
				for (const found of goImports(file.text)) imports.push({...found, file: relative(root, path).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')});
			}
		}
	};
	await walk(root, true);
	return {imports, truncated: files >= fileLimit};
}
