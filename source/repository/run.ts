// Repository mode: every module a repository makes `go` fetch, checked in ONE step graph (runSteps): host-scoped
// checks (Go settings, .netrc, HTTPS, token, Geo) run once per host and are shared by every module on it;
// module-scoped checks (private-module, module-path, go-import, git-route, git-auth, git-access, go-proxy) run per
// module, with at most a few git processes at a time. Public modules on public code hosts are listed, never checked.
import type {GitAccessData, GoConfirmData, GoEnvData} from '../engine/check-data.js';
import {limitConcurrency} from '../engine/concurrency-limit.js';
import {checksForMode, reconcileWithGo, verdictOf} from '../engine/diagnose.js';
import {runSteps, stepKey, type Finished, type StepKey} from '../engine/scheduler.js';
import {resolveTarget} from '../engine/target.js';
import type {AnyCheck, CheckResult, EngineEvent, RunContext, RunOptions, Status, Verdict} from '../engine/types.js';
import {ownSetting, setting} from '../checks/go-env.js';
import {hostOf} from '../rules/module-path.js';
import {classifyModule, isPublicCodeHost, type Classification} from '../rules/module-visibility.js';
import type {RequiredModule} from '../rules/repository-modules.js';
import type {System} from '../system/types.js';
import {compareText} from '../rules/text-order.js';

export type ModuleResult = {
	module: string;
	version?: string;
	source: RequiredModule['source'];
	host: string;
	classification: Classification;
	reason: string;
	verdict: Verdict;
	/** The module-scoped checks; empty for a public module, which is listed only. */
	checks: CheckResult[];
	/** The required version, when git listed the tags and the version is a release tag that is not there. */
	versionProblem?: string;
};

export type HostResult = {host: string; modules: number; verdict: Verdict; checks: CheckResult[]};

/** The repository's own modules, as its consumers' go get meets them (offline, local files). */
export type OwnResult = {module: string; findings: Array<{status: 'pass' | 'warn' | 'fail'; title: string; summary: string; details: string[]}>};

export type RepositoryResult = {verdict: Verdict; settings: CheckResult[]; hosts: HostResult[]; modules: ModuleResult[]; own?: OwnResult[]};

export type RepositoryRun = {
	checks: ReadonlyArray<AnyCheck>;
	modules: RequiredModule[];
	options: Omit<RunOptions, 'module'>;
	context: Omit<RunContext, 'options'>;
	signal?: AbortSignal;
	/** Networked git processes at once (32 unless set): each ls-remote is a process that mostly waits on three round
	 * trips, so on 2 cores 50 modules finished sooner with 32 than with 16 (the CPU then is the limit), and no run
	 * starts an unbounded number. */
	gitProcesses?: number;
	onEvent?: (event: EngineEvent) => void;
	/** Steps of an earlier run to keep instead of running again (the TUI's re-run after a fix). */
	reuse?: ReadonlyMap<StepKey, Finished>;
	/** Gets every finished step, so that a later run can reuse them. */
	keepSteps?: (steps: ReadonlyMap<StepKey, Finished>) => void;
};

export async function runRepository(run: RepositoryRun): Promise<RepositoryResult> {
	const checks = checksForMode(run.checks, run.options.offline);
	const hostChecks = checks.filter(check => check.scope === 'host');
	const moduleChecks = checks.filter(check => check.scope !== 'host');
	const listed: ModuleResult[] = [];
	const checked: RequiredModule[] = [];
	for (const module of run.modules) {
		const host = hostOf(module.path);
		// A public code host (github.com, golang.org, …) is not a GitLab instance: listed, never checked, unless a
		// pattern marks the module private (then its checks say what Go does with it).
		if (isPublicCodeHost(host)) {
			const visibility = classifyModule({module: module.path, host, patterns: {GOPRIVATE: '', GONOPROXY: '', GONOSUMDB: ''}});
			listed.push({module: module.path, version: module.version, source: module.source, host, ...visibility, verdict: 'pass', checks: []});
		} else checked.push(module);
	}
	// A go.mod requirement is a module path: go fetches exactly it (docs/go.md §5.1); a MODULE argument is what
	// `go get` is given, so its shorter roots are tried as go get tries them.
	const targets = checked.map(module => resolveTarget(module.path, module.version, {moduleRoot: module.source !== 'argument'}));
	const first = targets[0];
	// 16: an ls-remote mostly waits on the server's round trips (about 0.5 s each at 100 ms per response); with 50
	// modules on 2 cores, 16 at once finished sooner than 8, and 24 or 50 gained nothing measurable.
	const system = limitGit(run.context.system, run.gitProcesses ?? 32);
	const finished: Map<string, Finished> = first
		? await runSteps({checks, targets, context: {...run.context, system, options: {...run.options, module: first.module, confirm: 'failures'}}, signal: run.signal, onEvent: run.onEvent, ...(run.reuse ? {reuse: run.reuse} : {})})
		: new Map();
	run.keepSteps?.(finished);
	const get = (id: AnyCheck['id'], subject: string) => finished.get(stepKey(id, subject));

	const goEnv = first ? (get('go-env', first.host)?.data as GoEnvData | undefined) : undefined;
	const patterns = {GOPRIVATE: setting(goEnv, 'GOPRIVATE'), GONOPROXY: ownSetting(goEnv, 'GONOPROXY') || setting(goEnv, 'GOPRIVATE'), GONOSUMDB: ownSetting(goEnv, 'GONOSUMDB') || setting(goEnv, 'GOPRIVATE')};
	for (const module of listed) Object.assign(module, classifyModule({module: module.module, host: module.host, patterns}));

	const hostsSeen = new Map<string, number>();
	for (const target of targets) hostsSeen.set(target.host, (hostsSeen.get(target.host) ?? 0) + 1);
	const confirmedOn = (host: string) => targets.filter(target => target.host === host).map(target => get('go-confirm', target.module)?.data as GoConfirmData | undefined).filter(data => data !== undefined);
	const hosts: HostResult[] = [...hostsSeen].map(([host, modules]) => {
		const results = reconcileHost(hostChecks.filter(check => check.id !== 'go-env').map(check => get(check.id, host)?.result).filter((result): result is CheckResult => result !== undefined), confirmedOn(host));
		return {host, modules, verdict: verdictOf(results.map(result => result.status)), checks: results};
	});
	// What a host's steps mean for one of its modules: a warning or failure about some modules only counts for them.
	const hostStatusFor = (host: string, module: string): Status[] =>
		(hosts.find(each => each.host === host)?.checks ?? []).filter(check => !check.concerns || check.concerns.includes(module)).map(check => check.status);

	const results: ModuleResult[] = checked.map((module, index) => {
		const target = targets[index]!;
		const own = reconcileWithGo(moduleChecks.map(check => get(check.id, target.module)?.result).filter((result): result is CheckResult => result !== undefined), get('go-confirm', target.module)?.data as GoConfirmData | undefined);
		const visibility = (get('private-module', target.module)?.data as {visibility?: ReturnType<typeof classifyModule>} | undefined)?.visibility ?? classifyModule({module: module.path, host: target.host, patterns});
		const versionProblem = (get('git-access', target.module)?.data as GitAccessData | undefined)?.versionMissing;
		const statuses: Status[] = [...own.map(check => check.status), ...hostStatusFor(target.host, target.module), ...(versionProblem ? ['fail' as const] : [])];
		return {module: module.path, version: module.version, source: module.source, host: target.host, ...visibility, verdict: verdictOf(statuses), checks: own, ...(versionProblem ? {versionProblem} : {})};
	});
	const all = [...listed, ...results];
	const order = new Map(run.modules.map((module, index) => [`${module.path}@${module.version}`, index]));
	all.sort((a, b) => order.get(`${a.module}@${a.version}`)! - order.get(`${b.module}@${b.version}`)!);
	hosts.sort((a, b) => compareText(a.host, b.host));
	const settings = first ? [get('go-env', first.host)?.result].filter((result): result is CheckResult => result !== undefined) : [];
	const verdict = verdictOf([...settings.map(check => check.status), ...hosts.map(host => host.verdict), ...all.map(module => module.verdict)]);
	return {verdict, settings, hosts, modules: all};
}

/** A host check that failed is shown as a warning only when the real go, run for modules on that host, succeeded
 * every time and each run found it a disagreement (engine/diagnose.ts reconcileWithGo), never on one module's word. */
function reconcileHost(results: CheckResult[], confirmations: GoConfirmData[]): CheckResult[] {
	if (confirmations.length === 0 || !confirmations.every(data => data.ok)) return results;
	return results.map(result => {
		const everyRunDisagrees = confirmations.every(data => data.disagreements?.some(d => d.id === result.id));
		return everyRunDisagrees ? reconcileWithGo([result], confirmations[0])[0]! : result;
	});
}

/** The same system, with at most `limit` networked git processes (ls-remote) at once (a repository may have many modules). */
function limitGit(system: System, limit: number): System {
	const limited = limitConcurrency(limit);
	return {
		...system,
		exec: {
			run: (command, args, options) =>
				// Only the git commands that go to the network wait; local ones (config, init, credential) are quick.
				command === 'git' && args.some(arg => arg === 'ls-remote' || arg === 'fetch' || arg === 'clone')
					? limited(() => system.exec.run(command, args, options))
					: system.exec.run(command, args, options),
		},
	};
}
