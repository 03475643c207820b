// Repository mode: every module a repository makes `go` fetch, checked with the same step graph as one module.
// Host-level checks (settings, .netrc, HTTPS, token, Geo) run once per host and are shared by every module on
// it; module-level checks (private-module, module-path, go-import, git-route, git-auth, git-access, go-proxy)
// run per module, a few modules at a time. Public modules are listed, never checked or failed.
import {checksForMode, diagnose, verdictOf} from '../engine/diagnose.js';
import type {Finished} from '../engine/scheduler.js';
import type {Check, CheckContext, CheckId, CheckResult, EngineEvent, RunOptions, Verdict} from '../engine/types.js';
import type {GitAccessData} from '../checks/git-access.js';
import type {PrivateModuleData} from '../checks/private-module.js';
import {hostOf} from '../rules/module-path.js';
import {classifyModule, isPublicCodeHost, type Classification} from '../rules/module-visibility.js';
import type {RequiredModule} from '../rules/repository-modules.js';
import type {GoEnvData} from '../checks/go-env.js';
import {ownSetting, setting} from '../checks/go-env.js';

/** Checks whose answer is the same for every module of a host (or of the run: go-env). */
export const hostLevel: ReadonlySet<CheckId> = new Set<CheckId>(['go-env', 'netrc', 'https', 'token', 'geo-secondary']);

export type ModuleResult = {
	module: string;
	version?: string;
	source: RequiredModule['source'];
	host: string;
	classification: Classification;
	reason: string;
	verdict: Verdict;
	/** The module-level checks; empty for a public module, which is listed only. */
	checks: CheckResult[];
	/** The required version, when git listed the tags and the version is a release tag that is not there. */
	versionProblem?: string;
};

export type HostResult = {host: string; modules: number; verdict: Verdict; checks: CheckResult[]};

export type RepositoryResult = {verdict: Verdict; settings: CheckResult[]; hosts: HostResult[]; modules: ModuleResult[]};

export type RepositoryRun = {
	checks: ReadonlyArray<Check<any>>;
	modules: RequiredModule[];
	options: Omit<RunOptions, 'module'>;
	context: Omit<CheckContext, 'options'>;
	signal?: AbortSignal;
	/** Modules checked at once on one host (each may run git). */
	concurrency?: number;
	onModule?: (result: ModuleResult, done: number, total: number) => void;
	onEvent?: (module: string, event: EngineEvent) => void;
};

export async function runRepository(run: RepositoryRun): Promise<RepositoryResult> {
	const checks = checksForMode(run.checks, run.options.offline);
	const contextFor = (module: string): CheckContext => ({...run.context, options: {...run.options, module}});
	const first = run.modules[0]?.path ?? 'example.com/none';
	const goEnvCheck = checks.filter(check => check.id === 'go-env');
	const settings = await diagnose({checks: goEnvCheck, host: hostOf(first), context: contextFor(first), signal: run.signal});
	const goEnv = settings.finished.get('go-env')?.data as GoEnvData | undefined;
	const patterns = {GOPRIVATE: setting(goEnv, 'GOPRIVATE'), GONOPROXY: ownSetting(goEnv, 'GONOPROXY') || setting(goEnv, 'GOPRIVATE'), GONOSUMDB: ownSetting(goEnv, 'GONOSUMDB') || setting(goEnv, 'GOPRIVATE')};

	const results: ModuleResult[] = [];
	const byHost = new Map<string, RequiredModule[]>();
	let done = 0;
	const total = run.modules.length;
	const report = (result: ModuleResult) => {
		results.push(result);
		run.onModule?.(result, ++done, total);
	};
	for (const module of run.modules) {
		const host = hostOf(module.path);
		const visibility = classifyModule({module: module.path, host, patterns});
		// A public code host (github.com, golang.org, …) is not a GitLab instance: listed, never checked.
		if (visibility.classification === 'public' && isPublicCodeHost(host)) {
			report({module: module.path, version: module.version, source: module.source, host, ...visibility, verdict: 'pass', checks: []});
			continue;
		}
		byHost.set(host, [...(byHost.get(host) ?? []), module]);
	}

	const hosts: HostResult[] = [];
	await Promise.all(
		[...byHost].map(async ([host, modules]) => {
			const shared = new Map<CheckId, Finished>([['go-env', settings.finished.get('go-env')!]]);
			const checkModule = async (module: RequiredModule, reuse: ReadonlyMap<CheckId, Finished>) => {
				const {result, finished} = await diagnose({
					checks,
					host,
					context: contextFor(module.path),
					signal: run.signal,
					reuse,
					onEvent: run.onEvent && (event => run.onEvent!(module.path, event)),
				});
				const privateData = finished.get('private-module')?.data as PrivateModuleData | undefined;
				const visibility = privateData?.visibility ?? classifyModule({module: module.path, host, patterns});
				const own = result.checks.filter(check => !hostLevel.has(check.id));
				const versionProblem = missingVersion(module, finished.get('git-access')?.data as GitAccessData | undefined);
				const hostChecks = result.checks.filter(check => hostLevel.has(check.id) && check.id !== 'go-env');
				const statuses = [...result.checks.map(check => check.status), ...(versionProblem ? ['fail' as const] : [])];
				report({module: module.path, version: module.version, source: module.source, host, ...visibility, verdict: verdictOf(statuses), checks: own, ...(versionProblem ? {versionProblem} : {})});
				return {finished, hostChecks};
			};
			// The first module runs the host-level checks; the others reuse them.
			const [lead, ...rest] = modules;
			const first = await checkModule(lead!, shared);
			for (const [id, value] of first.finished) if (hostLevel.has(id)) shared.set(id, value);
			hosts.push({host, modules: modules.length, verdict: verdictOf(first.hostChecks.map(check => check.status)), checks: first.hostChecks});
			await pool(rest, run.concurrency ?? 8, module => checkModule(module, shared).then(() => undefined));
		}),
	);
	const order = new Map(run.modules.map((module, index) => [`${module.path}@${module.version}`, index]));
	results.sort((a, b) => order.get(`${a.module}@${a.version}`)! - order.get(`${b.module}@${b.version}`)!);
	hosts.sort((a, b) => a.host.localeCompare(b.host));
	const verdict = verdictOf([...settings.result.checks, ...hosts.flatMap(host => host.checks), ...results.flatMap(result => result.checks)].map(check => check.status).concat(results.some(result => result.versionProblem) ? ['fail'] : []));
	return {verdict, settings: settings.result.checks, hosts, modules: results};
}

/** `unknown revision vX.Y.Z`: git listed the repository's tags and the required release is not among them. Only
 * for a module at the repository root (a module in a subdirectory is tagged `dir/vX.Y.Z`, not listed here). */
function missingVersion(module: RequiredModule, access: GitAccessData | undefined): string | undefined {
	const version = module.version?.replace(/\+incompatible$/, '');
	if (!version || !access?.ok || !access.versionTags) return undefined;
	// A pseudo-version names a commit, not a tag: vX.Y.Z-[0.]yyyymmddhhmmss-abcdefabcdef.
	if (/-(?:0\.)?\d{14}-[0-9a-f]{12}$/.test(version) || !/^v\d+\.\d+\.\d+/.test(version)) return undefined;
	if (access.versionTags.some(tag => tag === version || tag === `refs/tags/${version}`)) return undefined;
	const shown = access.versionTags.slice(0, 5).map(tag => tag.replace(/^refs\/tags\//, '')).join(', ');
	return `go will fail with "unknown revision ${version}": the repository has no tag ${version} (${shown ? `its version tags: ${shown}${access.versionTags.length > 5 ? ', …' : ''}` : 'it has no version tags'})`;
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await work(items[next++]!);
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
}
