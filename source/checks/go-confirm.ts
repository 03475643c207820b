// The last step: the real go, run the way the user would run it, confirms (or refutes) the model. For one module it
// starts as soon as Go's settings are known, beside the other live checks, and reads their results only at its end
// to cross-check: the verdict never says pass while the real go fails. In a run of several modules (repository
// mode) it confirms failures only, once per distinct failure on a host: a hook stays fast when all is well, and a
// failure is never reported without the real go's word on it.
import type {GoConfirmData} from '../engine/check-data.js';
import {checkIds, defineCheck, type CheckContext, type CheckId, type CheckResult, type Outcome, type Upstream} from '../engine/types.js';
import {limitConcurrency, type Limited} from '../engine/concurrency-limit.js';
import {runDeadlineMs} from '../engine/run-deadline.js';
import {commandLine} from '../fixes/command.js';
import {parseGoModRequires} from '../rules/go-mod.js';
import {setting} from './go-env.js';
import {goGet, goModDownload, toolchainLinesOf, type GoRun} from './go-confirm-run.js';
import {judgeConfirmation, judgeSameFailure, type Confirmation} from './go-confirm-judge.js';
import {readTextFile} from './read-text.js';

/** go get makes a few dependent network operations (proxy or discovery, ls-remote, fetch). */
export function goConfirmLimitMs(timeoutMs: number): number {
	return timeoutMs * 3;
}

/** Real go processes at once in a run of several modules: each is CPU-heavy (go, then git and its helpers). */
const goProcessesAtOnce = 2;

/** The module and version to ask for: MODULE@VERSION as typed, else the version go.mod requires of the module (or
 * of the module that holds the package), else @latest. */
function targetOf(context: CheckContext, goMod: string | undefined): {path: string; version: string; from?: string} {
	const {module, version} = context.target;
	if (version) return {path: module, version, from: context.target.moduleRoot ? 'required' : 'asked for'};
	const required = parseGoModRequires(goMod ?? '')
		.filter(item => module === item.path || module.startsWith(`${item.path}/`))
		.sort((a, b) => b.path.length - a.path.length)[0];
	if (required) return {path: required.path, version: required.version, from: `go.mod line ${required.line}`};
	return {path: module, version: 'latest'};
}

/** Every other check: go-confirm reads their results at its end. */
const others = checkIds.filter((id): id is Exclude<CheckId, 'go-confirm'> => id !== 'go-confirm');

type OthersUpstream = Upstream<Exclude<CheckId, 'go-confirm'> | 'go-env'>;

function failedOf(upstream: OthersUpstream): CheckResult[] {
	return others.map(id => upstream.result(id)).filter((r): r is CheckResult => r?.status === 'fail');
}

/** Runs the real go for this step's module: `go mod download` for a go.mod requirement, else `go get`. */
async function confirm(context: CheckContext, goflags: string, signal: AbortSignal): Promise<Confirmation> {
	const {system, options} = context;
	// The run's go.mod (./go.mod, or the repository's), read once: the version it requires and its toolchain lines.
	const file = await readTextFile(system, options.goModFile ?? 'go.mod').catch(() => undefined);
	const goMod = file?.kind === 'text' ? file.text : undefined;
	const target = targetOf(context, goMod);
	const spec = `${target.path}@${target.version}`;
	const limitMs = goConfirmLimitMs(options.timeoutMs);
	const download = context.target.moduleRoot === true;
	const request = {spec, asked: target.path, goflags, toolchainLines: toolchainLinesOf(goMod), limitMs, signal};
	const started = system.now();
	const run: GoRun = download ? await goModDownload(context, request) : await goGet(context, request);
	const verb = download ? 'go mod download' : 'go get';
	const command = download ? commandLine('go', ['mod', 'download', spec]) : commandLine('go', ['get', spec]);
	return {run, spec, path: target.path, command, verb, ...(target.from ? {from: target.from} : {}), tookMs: Math.round(system.now() - started), limitMs};
}

/** At most goProcessesAtOnce real go processes in one run. */
function goSlots(context: CheckContext): Limited {
	const make = () => limitConcurrency(goProcessesAtOnce);
	return context.perRun ? context.perRun.once('go-confirm:slots', make) : make();
}

/** Several modules: go runs only when a check failed, and once for every module that fails the same checks for the
 * same reasons on the same host; a module whose stand-in go run succeeded gets its own run. */
async function confirmFailure(context: CheckContext, upstream: OthersUpstream, goflags: string, signal: AbortSignal): Promise<Outcome<GoConfirmData>> {
	await upstream.settled?.(others);
	const failed = failedOf(upstream);
	if (failed.length === 0) return {status: 'skip', summary: 'every check passed: with several modules the real go confirms failures only'};
	const slots = goSlots(context);
	const runGo = () => slots(() => confirm(context, goflags, signal));
	const signature = `go-confirm:${context.target.host}:${failed.map(r => `${r.id}=${r.reason ?? ''}`).sort().join(',')}`;
	// The first module with this failure runs go; the others take its answer when go failed there too.
	let mine: Promise<Confirmation> | undefined;
	const shared = context.perRun ? context.perRun.once(signature, () => (mine = runGo())) : (mine = runGo());
	let confirmation = await shared;
	if (mine === undefined) {
		if (!confirmation.run.ok && !confirmation.run.notInstalled) return judgeSameFailure(confirmation, failed, `${context.target.module}${context.target.version ? `@${context.target.version}` : ''}`);
		confirmation = await runGo();
	}
	if (confirmation.run.notInstalled) return {status: 'skip', summary: 'go is not installed here: nothing to confirm with'};
	return judgeConfirmation(confirmation, failed);
}

export const goConfirmCheck = defineCheck({
	id: 'go-confirm',
	title: 'The real go',
	// Reads go-env's GOFLAGS when there is one; runs even when go-env fails (go itself then says what it makes of it).
	needs: [],
	after: ['go-env'],
	readsAtEnd: others,
	local: false,
	// Its own go run is bounded by goConfirmLimitMs; the rest is waiting for the other checks, each bounded itself,
	// and the whole run by its deadline.
	timeLimitMs: options => runDeadlineMs(options),
	waitingFor: options => `go get ${options.module}`,
	async run(context, upstream, signal): Promise<Outcome<GoConfirmData>> {
		const goEnv = upstream.data('go-env');
		if (goEnv && !goEnv.goVersion) return {status: 'skip', summary: 'go is not installed here: nothing to confirm with'};
		const goflags = setting(goEnv, 'GOFLAGS');
		if (context.options.confirm === 'failures') return confirmFailure(context, upstream, goflags, signal);
		const confirmation = await confirm(context, goflags, signal);
		if (confirmation.run.notInstalled) return {status: 'skip', summary: 'go is not installed here: nothing to confirm with'};
		// Only now the other checks' results: go ran beside them.
		await upstream.settled?.(others);
		return judgeConfirmation(confirmation, failedOf(upstream));
	},
});
