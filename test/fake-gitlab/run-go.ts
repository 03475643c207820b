// Running the real go and git inside an isolated env, bounded in time.
import {spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runCommand, type RunResult} from './proc.js';
import {forceRemove} from './isolated-env.js';

export interface GoModDownloadJson {
	Path: string;
	Version: string;
	Error?: string;
	Info?: string;
	GoMod?: string;
	Zip?: string;
	Dir?: string;
	Sum?: string;
	GoModSum?: string;
}

export interface GoModDownloadResult {
	ok: boolean;
	exitCode: number | null;
	timedOut: boolean;
	/** The `-json` object go printed (also on failure, with `Error`). */
	json?: GoModDownloadJson;
	/** json.Error, or stderr when there was no JSON. */
	error?: string;
	stdout: string;
	stderr: string;
	durationMs: number;
}

let goChecked: boolean | undefined;
/** Whether `go` runs from PATH. */
export function goAvailable(): boolean {
	if (goChecked === undefined) {
		const result = spawnSync('go', ['version'], {encoding: 'utf8', timeout: 10_000});
		goChecked = result.status === 0;
	}
	return goChecked;
}

let gitChecked: boolean | undefined;
export function gitAvailable(): boolean {
	if (gitChecked === undefined) gitChecked = spawnSync('git', ['--version'], {timeout: 10_000}).status === 0;
	return gitChecked;
}

/**
 * `go mod download -json <module>@<version>` in a fresh directory outside any module (works since
 * Go 1.17). Kills the whole process group after timeoutMs (default 60 s).
 */
export async function runGoModDownload(
	env: Record<string, string>,
	module: string,
	options: {timeoutMs?: number; version?: string; extraArgs?: string[]; cwd?: string} = {},
): Promise<GoModDownloadResult> {
	// Without a cwd: a fresh directory outside any module, removed afterwards.
	const cwd = options.cwd ?? mkdtempSync(join(env.HOME ?? env.TMPDIR ?? tmpdir(), 'go-work-'));
	try {
		const result = await runCommand('go', ['mod', 'download', '-json', ...(options.extraArgs ?? []), `${module}@${options.version ?? 'latest'}`], {
			env,
			cwd,
			timeoutMs: options.timeoutMs ?? 60_000,
		});
		let json: GoModDownloadJson | undefined;
		try {
			const text = result.stdout.trim();
			if (text) json = JSON.parse(text) as GoModDownloadJson;
		} catch {
			json = undefined;
		}
		const ok = result.ok && json !== undefined && json.Error === undefined;
		return {
			ok,
			exitCode: result.exitCode,
			timedOut: result.timedOut,
			json,
			error: ok ? undefined : (json?.Error ?? (result.stderr.trim() || (result.timedOut ? 'timed out' : 'go failed'))),
			stdout: result.stdout,
			stderr: result.stderr,
			durationMs: result.durationMs,
		};
	} finally {
		if (!options.cwd) forceRemove(cwd);
	}
}

/** Runs git the way Go does (GIT_TERMINAL_PROMPT=0, GCM_INTERACTIVE=never) inside the env. */
export function runGit(env: Record<string, string>, args: string[], options: {cwd?: string; timeoutMs?: number; input?: string} = {}): Promise<RunResult> {
	return runCommand('git', args, {
		env: {GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', ...env},
		cwd: options.cwd ?? env.HOME,
		timeoutMs: options.timeoutMs ?? 30_000,
		input: options.input,
	});
}

/** Any go command inside the env (e.g. `['env', '-json']`). */
export function runGo(env: Record<string, string>, args: string[], options: {cwd?: string; timeoutMs?: number} = {}): Promise<RunResult> {
	return runCommand('go', args, {env, cwd: options.cwd ?? env.HOME, timeoutMs: options.timeoutMs ?? 60_000});
}
