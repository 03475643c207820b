// module-path: the module roots Go will try for this path, the VCS qualifier, and subgroups.
import type {ModulePathData} from '../engine/check-data.js';
import {type Check, type Outcome, defineCheck} from '../engine/types.js';
import {askableModulePaths, checkModulePath} from '../rules/module-path.js';

export const modulePathCheck = defineCheck({
	id: 'module-path',
	title: 'Module path',
	needs: [],
	local: true,
	async run({target}): Promise<Outcome<ModulePathData>> {
		// The reference was resolved once before the run (engine/target.ts); this step judges it.
		const {module: importPath, host, qualifier, candidates, subgroup} = target;
		const elements = importPath.split('/').slice(1);
		const data: ModulePathData = {host, candidates, qualifier, subgroup};
		const askable = askableModulePaths(candidates).length;
		const bounded =
			askable < candidates.length
				? [`Go asks about all ${candidates.length} prefixes; this tool asks GitLab only about the ${askable} that can be a project (GitLab nests groups at most 20 levels deep), so a very long path cannot make it send hundreds of requests.`]
				: [];
		const evidence: Record<string, unknown> = {host, candidateModulePaths: candidates.length > 30 ? [`(${candidates.length - 30} longer ones not listed)`, ...candidates.slice(-30)] : candidates};
		if (candidates.length === 0) {
			const reason = checkModulePath(importPath) ?? 'no prefix of it is a valid module path';
			return {status: 'fail', reason: 'module-path-invalid', summary: `Go cannot use ${importPath} as a module path: ${reason}`, evidence, data};
		}
		if (elements.length < 2) {
			return {
				status: 'fail',
				reason: 'module-path-no-project',
				summary: `${importPath} names no project: GitLab module paths are HOST/GROUP/PROJECT`,
				details: ['GitLab answers go-get requests for a single path element with 404.'],
				evidence,
				data,
			};
		}
		if (qualifier) {
			evidence['vcsQualifier'] = qualifier;
			return {
				status: 'pass',
				summary: `VCS-qualified: Go skips ?go-get=1 discovery and asks git for ${qualifier.repo} directly`,
				details: [
					'With a .git element, only git\'s credentials matter (netrc as libcurl reads it, a credential helper or an SSH key); Go\'s own HTTPS requests are not made.',
					`The go.mod of that repository must declare "module ${qualifier.root}${importPath.slice(qualifier.root.length)}" with the .git element, or go get reports "module declares its path as".`,
				],
				evidence,
				data,
			};
		}
		const details = subgroup
			? [
					'This path has three or more elements after the host, so the project may sit in a subgroup.',
					'Without credentials, GitLab answers ?go-get=1 with only the first two elements (group/subgroup), so Go looks for the wrong repository; Go must send a read_api token from .netrc, or the path must carry the .git qualifier.',
				]
			: [];
		return {
			status: 'pass',
			summary: target.moduleRoot
				? `a go.mod requirement: Go fetches exactly ${importPath}${subgroup ? ' (subgroup path)' : ''}`
				: `Go tries ${candidates.length === 1 ? candidates[0] : `${candidates.length} module roots, longest first`}${subgroup ? ' (subgroup path)' : ''}`,
			details: [...bounded, ...details],
			evidence,
			data,
		};
	},
});
