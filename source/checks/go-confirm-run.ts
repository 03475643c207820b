// The real go, run the way a user runs it, with nothing of theirs touched: a throw-away module (`go mod init`) and a
// throw-away module cache (writable, so it can be removed); the user's environment and settings; no toolchain switch
// beyond what their GOTOOLCHAIN asks for. `go get` for a module a person types, `go mod download` for a module a
// go.mod requires (what building that repository does: docs/go.md §5.1).
import type {CheckContext} from '../engine/types.js';
import {parseGoModRequires} from '../rules/go-mod.js';
import {goModLookup} from '../rules/toolchain.js';
import {readTextFile} from './read-text.js';

export type GoRun = {ok: boolean; notInstalled?: boolean; timedOut: boolean; error?: string; resolved?: {path: string; version: string}};

type GoRunRequest = {
	/** MODULE@VERSION. */
	spec: string;
	/** The module path asked for (go get may resolve a package path to a shorter module). */
	asked: string;
	goflags: string;
	/** `-go=…` / `-toolchain=…` for `go mod edit`, from the user's go.mod (toolchainLinesOf). */
	toolchainLines: string[];
	limitMs: number;
	signal: AbortSignal;
};

/** The `go` and `toolchain` lines of a go.mod (or go.work) text as `go mod edit` flags: the throw-away module gets
 * them, so go switches toolchains as it does in the user's project (GOTOOLCHAIN decides whether it may download one). */
export function toolchainLinesOf(goMod: string | undefined): string[] {
	if (goMod === undefined) return [];
	// The lines as go itself finds them (gover.GoModLookup), passed on only when they look like versions.
	const go = goModLookup(goMod, 'go');
	const toolchain = goModLookup(goMod, 'toolchain');
	const args: string[] = [];
	if (/^[0-9][0-9a-z.+-]*$/.test(go)) args.push(`-go=${go}`);
	if (/^(go[0-9][0-9a-z.+-]*|default)$/.test(toolchain)) args.push(`-toolchain=${toolchain}`);
	return args;
}

type Scratch = {work: string; cache: string; go: (args: string[], timeoutMs: number) => ReturnType<CheckContext['system']['exec']['run']>};

/** Runs `use` in a fresh module with a fresh module cache, both removed afterwards. */
async function inThrowAwayModule(context: CheckContext, request: GoRunRequest, use: (scratch: Scratch) => Promise<GoRun>): Promise<GoRun> {
	const {system} = context;
	const work = await system.makeTempDir('gitlab-go-check-confirm-');
	const cache = await system.makeTempDir('gitlab-go-check-modcache-');
	try {
		const env = {...system.env, GOMODCACHE: cache, GOFLAGS: `${request.goflags} -modcacherw`.trim(), GOWORK: 'off'};
		const go = (args: string[], timeoutMs: number) => system.exec.run('go', args, {cwd: work, env, timeoutMs, input: '', signal: request.signal});
		const init = await go(['mod', 'init', 'gitlab-go-check.invalid/confirm'], Math.min(request.limitMs, 15_000));
		if (init.startError === 'ENOENT') return {ok: false, notInstalled: true, timedOut: false};
		if (init.code !== 0) return {ok: false, timedOut: init.timedOut, error: init.stderr.trim() || 'go mod init failed'};
		if (request.toolchainLines.length > 0) {
			// go mod edit switches no toolchain itself (the module still says the local go); go get then does.
			const edit = await go(['mod', 'edit', ...request.toolchainLines], Math.min(request.limitMs, 15_000));
			if (edit.code !== 0) return {ok: false, timedOut: edit.timedOut, error: edit.stderr.trim() || 'go mod edit failed'};
		}
		return await use({work, cache, go});
	} finally {
		await Promise.all([system.removeDir(work).catch(() => {}), system.removeDir(cache).catch(() => {})]);
	}
}

/** go's text without its progress lines, and with the throw-away directories named, not shown: their random names
 * mean nothing to the user. */
function cleanError(text: string, scratch: Scratch): string {
	return text
		.split('\n')
		.filter(line => !/^go: (downloading|finding|extracting|added|upgraded|downgraded) /.test(line))
		.join('\n')
		.split(scratch.cache).join('$GOMODCACHE')
		.split(scratch.work).join('.')
		.trim();
}

/** `go get SPEC`, as a user adds the module: go resolves a package path to its module as it would for them. */
export function goGet(context: CheckContext, request: GoRunRequest): Promise<GoRun> {
	return inThrowAwayModule(context, request, async scratch => {
		const get = await scratch.go(['get', request.spec], request.limitMs);
		const error = cleanError(get.stderr, scratch);
		if (get.code !== 0 || get.timedOut) return {ok: false, timedOut: get.timedOut, error: error || `go exited with status ${get.code ?? 'unknown'}`};
		const goMod = await readTextFile(context.system, `${scratch.work}/go.mod`);
		const required = goMod.kind === 'text'
			? parseGoModRequires(goMod.text).filter(item => request.asked === item.path || request.asked.startsWith(`${item.path}/`)).sort((a, b) => b.path.length - a.path.length)[0]
			: undefined;
		return {ok: true, timedOut: false, ...(required ? {resolved: {path: required.path, version: required.version}} : {})};
	});
}

/** `go mod download -json SPEC`: what building a repository that requires the module fetches, exactly that module. */
export function goModDownload(context: CheckContext, request: GoRunRequest): Promise<GoRun> {
	return inThrowAwayModule(context, request, async scratch => {
		const download = await scratch.go(['mod', 'download', '-json', request.spec], request.limitMs);
		if (download.timedOut) return {ok: false, timedOut: true, error: cleanError(download.stderr, scratch)};
		let answer: {Path?: unknown; Version?: unknown; Error?: unknown} | undefined;
		try {
			answer = JSON.parse(download.stdout) as typeof answer;
		} catch {
			answer = undefined;
		}
		if (typeof answer?.Error === 'string') return {ok: false, timedOut: false, error: cleanError(answer.Error, scratch)};
		if (download.code !== 0 || answer === undefined) {
			return {ok: false, timedOut: false, error: cleanError(download.stderr, scratch) || `go exited with status ${download.code ?? 'unknown'}`};
		}
		const resolved = typeof answer.Path === 'string' && typeof answer.Version === 'string' ? {path: answer.Path, version: answer.Version} : undefined;
		return {ok: true, timedOut: false, ...(resolved ? {resolved} : {})};
	});
}
