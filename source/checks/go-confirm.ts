// The last step: the real go, run the way the user would run it (`go get` in a throw-away module), confirms (or
// refutes) the model. It starts as soon as Go's settings are known, beside the other live checks, with a throw-away
// module cache (nothing of the user's changes), and reads the other checks' results only at its end to cross-check:
// the verdict never says pass while the real go fails.
import type {GoConfirmData} from '../engine/check-data.js';
import {checkIds, defineCheck, type CheckContext, type CheckId, type CheckResult, type Fix, type Outcome} from '../engine/types.js';
import {runDeadlineMs} from '../engine/run-deadline.js';
import {commandLine} from '../fixes/command.js';
import {parseGoModRequires} from '../rules/go-mod.js';
import {classifyErrorText, type Diagnosis} from '../rules/go-git-errors.js';
import {setting} from './go-env.js';
import {readTextFile} from './read-text.js';

/** go's and git's errors for a host that cannot be reached now (DNS, refused, timeout, proxy down). */
const unreachableReasons = new Set(['go-dns', 'go-refused', 'go-timeout', 'go-proxy-connect', 'git-network', 'ssh-network']);

/** go get makes a few dependent network operations (proxy or discovery, ls-remote, fetch). */
export function goConfirmLimitMs(timeoutMs: number): number {
	return timeoutMs * 3;
}

/** The module and version to ask for: the version ./go.mod requires of the module (or of the module that holds the
 * package), else @latest. */
/** The `go` and `toolchain` lines of ./go.mod: the throw-away module gets them, so go switches toolchains as it does
 * in the user's project (GOTOOLCHAIN decides whether it may download one). */
async function toolchainLinesOf(context: CheckContext): Promise<string[]> {
	const goMod = await readTextFile(context.system, 'go.mod').catch(() => undefined);
	if (goMod?.kind !== 'text') return [];
	const args: string[] = [];
	const go = /^go[ \t]+([0-9][0-9a-z.+-]*)[ \t]*(?:\/\/.*)?$/m.exec(goMod.text)?.[1];
	const toolchain = /^toolchain[ \t]+(go[0-9][0-9a-z.+-]*|default)[ \t]*(?:\/\/.*)?$/m.exec(goMod.text)?.[1];
	if (go) args.push(`-go=${go}`);
	if (toolchain) args.push(`-toolchain=${toolchain}`);
	return args;
}

async function targetOf(context: CheckContext, module: string): Promise<{path: string; version: string; from?: string}> {
	const goMod = await readTextFile(context.system, 'go.mod').catch(() => undefined);
	if (goMod?.kind === 'text') {
		const required = parseGoModRequires(goMod.text)
			.filter(item => module === item.path || module.startsWith(`${item.path}/`))
			.sort((a, b) => b.path.length - a.path.length)[0];
		if (required) return {path: required.path, version: required.version, from: `go.mod line ${required.line}`};
	}
	return {path: module, version: 'latest'};
}

type GoGetRun = {ok: boolean; notInstalled?: boolean; timedOut: boolean; error?: string; resolved?: {path: string; version: string}};

/**
 * `go get SPEC` in a throw-away module (made by `go mod init`), as a user adds the module: go resolves a package path
 * to its module as it would for them. The user's environment and settings; a fresh module cache (writable, so it can
 * be removed), nothing of theirs touched; no toolchain switch beyond what their GOTOOLCHAIN asks for.
 */
async function goGet(context: CheckContext, spec: string, goflags: string, limitMs: number, signal: AbortSignal, asked: string): Promise<GoGetRun> {
	const {system} = context;
	const work = await system.makeTempDir('gitlab-go-check-confirm-');
	const cache = await system.makeTempDir('gitlab-go-check-modcache-');
	try {
		const env = {...system.env, GOMODCACHE: cache, GOFLAGS: `${goflags} -modcacherw`.trim(), GOWORK: 'off'};
		const run = (args: string[], timeoutMs: number) => system.exec.run('go', args, {cwd: work, env, timeoutMs, input: '', signal});
		const init = await run(['mod', 'init', 'gitlab-go-check.invalid/confirm'], Math.min(limitMs, 15_000));
		if (init.startError === 'ENOENT') return {ok: false, notInstalled: true, timedOut: false};
		if (init.code !== 0) return {ok: false, timedOut: init.timedOut, error: init.stderr.trim() || 'go mod init failed'};
		const toolchainLines = await toolchainLinesOf(context);
		if (toolchainLines.length > 0) {
			// go mod edit switches no toolchain itself (the module still says the local go); go get then does.
			const edit = await run(['mod', 'edit', ...toolchainLines], Math.min(limitMs, 15_000));
			if (edit.code !== 0) return {ok: false, timedOut: edit.timedOut, error: edit.stderr.trim() || 'go mod edit failed'};
		}
		const get = await run(['get', spec], limitMs);
		// go's progress lines are no error.
		// The throw-away directories are named, not shown: their random names mean nothing to the user.
		const error = get.stderr
			.split('\n')
			.filter(line => !/^go: (downloading|finding|extracting|added|upgraded|downgraded) /.test(line))
			.join('\n')
			.split(cache).join('$GOMODCACHE')
			.split(work).join('.')
			.trim();
		if (get.code !== 0 || get.timedOut) return {ok: false, timedOut: get.timedOut, error: error || `go exited with status ${get.code ?? 'unknown'}`};
		const goMod = await readTextFile(system, `${work}/go.mod`);
		const required = goMod.kind === 'text' ? parseGoModRequires(goMod.text).filter(item => asked === item.path || asked.startsWith(`${item.path}/`)).sort((a, b) => b.path.length - a.path.length)[0] : undefined;
		return {ok: true, timedOut: false, ...(required ? {resolved: {path: required.path, version: required.version}} : {})};
	} finally {
		await Promise.all([system.removeDir(work).catch(() => {}), system.removeDir(cache).catch(() => {})]);
	}
}

function firstLines(text: string, count = 8): string {
	const lines = text.trim().split('\n');
	return lines.slice(0, count).join('\n') + (lines.length > count ? `\n… ${lines.length - count} more lines` : '');
}

function uniqueFixes(diagnoses: Diagnosis[]): Fix[] {
	const seen = new Set<string>();
	return diagnoses.flatMap(diagnosis => diagnosis.fixes).filter(fix => {
		const key = JSON.stringify([fix.title, fix.commands]);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** Every other check: go-confirm reads their results at its end. */
const others = checkIds.filter((id): id is Exclude<CheckId, 'go-confirm'> => id !== 'go-confirm');

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
		const {system, options} = context;
		const goEnv = upstream.data('go-env');
		if (goEnv && !goEnv.goVersion) return {status: 'skip', summary: 'go is not installed here: nothing to confirm with'};
		// The version asked for (MODULE@VERSION) first, then the one ./go.mod requires, then @latest.
		const target = context.target.version ? {path: context.target.module, version: context.target.version, from: 'asked for'} : await targetOf(context, context.target.module);
		const spec = `${target.path}@${target.version}`;
		const limitMs = goConfirmLimitMs(options.timeoutMs);
		const started = system.now();
		const run = await goGet(context, spec, setting(goEnv, 'GOFLAGS'), limitMs, signal, target.path);
		const tookMs = Math.round(system.now() - started);
		if (run.notInstalled) return {status: 'skip', summary: 'go is not installed here: nothing to confirm with'};
		const {ok, resolved, timedOut} = run;
		const error = ok ? undefined : timedOut ? `go did not finish within ${Math.round(limitMs / 1000)} s` : run.error;
		const diagnoses = error !== undefined && !timedOut ? classifyErrorText(error, {module: target.path}) : [];
		const data: GoConfirmData = {target: spec, ok, ...(resolved ? {version: `${resolved.path}@${resolved.version}`} : {}), ...(error !== undefined ? {error} : {}), diagnoses, timedOut};
		const command = commandLine('go', ['get', spec]);
		const evidence: Record<string, unknown> = {command, asked: target.from ? `${spec} (${target.from})` : spec, durationMs: tookMs};
		if (resolved) evidence['resolved'] = `${resolved.path}@${resolved.version}`;
		if (error !== undefined) evidence['goError'] = firstLines(error);
		if (diagnoses[0]) evidence['explained'] = `${diagnoses[0].reason}: ${diagnoses[0].cause}`;

		// Only now the other checks' results: go ran beside them.
		await upstream.settled?.(others);
		const failed = others.map(id => upstream.result(id)).filter((r): r is CheckResult => r?.status === 'fail');
		const failedIds = failed.map(r => r.id);

		if (!ok) {
			const cause = diagnoses[0]?.cause ?? (timedOut ? error! : `go said: ${firstLines(error!, 1)}`);
			const pointsAt = [...new Set(diagnoses.flatMap(d => d.checks))].filter(id => id !== 'go-confirm');
			const details = [`${command} (in a throw-away module) failed:\n${firstLines(error!)}`];
			if (failed.length === 0) {
				details.push(
					`No other check predicted this: the model of what go does missed this case${pointsAt.length > 0 ? ` (go's error points at ${pointsAt.join(', ')})` : ''}. Please file it as a bug of gitlab-go-check, with a report (--report FILE) attached.`,
				);
				return {status: 'fail', reason: `model-missed:${diagnoses[0]?.reason ?? 'unexplained'}`, summary: `the real go fails, but no check predicted it: ${cause}`, details, evidence, fixes: uniqueFixes(diagnoses), data};
			}
			// go could not reach a host either: with https unreachable too, the run is "cannot check now" (exit 3).
			if (timedOut || diagnoses.some(diagnosis => unreachableReasons.has(diagnosis.reason))) evidence['unreachable'] = true;
			const agree = pointsAt.some(id => failedIds.includes(id));
			if (!agree && pointsAt.length > 0) details.push(`go's error points at ${pointsAt.join(', ')}; the checks that failed are ${failedIds.join(', ')}: see both.`);
			return {status: 'fail', reason: `go-fails:${diagnoses[0]?.reason ?? 'unexplained'}`, summary: `the real go fails too: ${cause}`, details, evidence, data};
		}
		if (failed.length === 0) {
			return {status: 'pass', summary: `go get resolved ${resolved ? `${resolved.path}@${resolved.version}` : spec} in ${(tookMs / 1000).toFixed(1)} s`, evidence, data};
		}
		return {
			status: 'warn',
			reason: 'go-succeeds-despite-failed-checks',
			summary: `the real go succeeds here (resolved ${resolved ? `${resolved.path}@${resolved.version}` : spec}) although ${failedIds.join(', ')} failed`,
			details: [
				`${command} succeeded with your settings and a fresh module cache, so go get works on this machine today.`,
				`A failed check still names a real risk when go succeeds by a route the check does not take (for example a credential GitLab still accepts but is about to refuse, or a proxy that has the module cached); if none of that applies, the check is wrong here: please file the case with a report (--report FILE).`,
			],
			evidence,
			data,
		};
	},
});
