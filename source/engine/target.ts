// The module a run is about, resolved once before any step runs and handed to every step as `context.target`:
// checks read the host and the module roots Go tries from here instead of working them out again.
import {candidateModulePaths, hostOf, vcsQualifier} from '../rules/module-path.js';

export type ModuleTarget = {
	/** The import path as typed (without any @version). */
	module: string;
	/** Its first element, the host Go asks (may carry a port). */
	host: string;
	/** Module paths Go queries, longest first (empty when no prefix is a valid module path). */
	candidates: string[];
	/** The `.git`-style VCS qualifier, when the path has one. */
	qualifier?: {root: string; repo: string; vcs: string};
	/** Three or more project elements after the host: the project may sit in a subgroup. */
	subgroup: boolean;
	/** The version asked for with `MODULE@VERSION`, if any. */
	version?: string;
	/** A go.mod requirement (repository mode): a module path, not a package path, so Go fetches exactly this module
	 * and tries no shorter root (docs/go.md §5.1). */
	moduleRoot?: boolean;
};

export function resolveTarget(module: string, version?: string, options: {moduleRoot?: boolean} = {}): ModuleTarget {
	const host = hostOf(module);
	const qualifier = vcsQualifier(module);
	const moduleRoot = options.moduleRoot === true;
	const candidates = candidateModulePaths(module).filter(path => !moduleRoot || path === module);
	const elements = module.split('/').slice(1);
	// GitLab projects need at least namespace/project; more elements may be subgroups or packages.
	const subgroup = (qualifier ? qualifier.repo.split('/').length - 1 : elements.length) >= 3;
	return {module, host, candidates, ...(qualifier ? {qualifier} : {}), subgroup, ...(version === undefined ? {} : {version}), ...(moduleRoot ? {moduleRoot} : {})};
}

/** The host name of a target's host, without a port: what .netrc and git's URL host match on. */
export function targetHostname(target: ModuleTarget): string {
	return target.host.replace(/:\d+$/, '');
}
