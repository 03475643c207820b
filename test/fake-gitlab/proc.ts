// Bounded subprocesses: every child runs in its own process group (detached, so it has no
// controlling terminal and cannot prompt) and the whole group is killed on timeout.
import {spawn, spawnSync} from 'node:child_process';

export interface RunOptions {
	env?: Record<string, string>;
	cwd?: string;
	/** Hard limit; the process group is SIGKILLed when it passes. Default 60 s. */
	timeoutMs?: number;
	input?: string | Buffer;
}

export interface RunResult {
	ok: boolean;
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	timedOut: boolean;
	stdout: string;
	stderr: string;
	stdoutBuffer: Buffer;
	durationMs: number;
}

const live = new Set<number>();

function killGroup(pid: number | undefined): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

/** Runs `command args` and resolves when it and its stdio are done (or it was killed). Never rejects for exit codes. */
export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const started = Date.now();
	const timeoutMs = options.timeoutMs ?? 60_000;
	return new Promise(resolve => {
		const child = spawn(command, args, {
			env: options.env ?? {PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C'},
			cwd: options.cwd,
			detached: true,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		const pid = child.pid;
		if (pid !== undefined) live.add(pid);
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		let timedOut = false;
		let spawnError: Error | undefined;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(pid);
		}, timeoutMs);
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
		child.stdin.on('error', () => {});
		child.on('error', error => {
			spawnError = error;
		});
		child.on('exit', () => {
			// Reap anything the child left behind in its group (e.g. git started by go).
			killGroup(pid);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (pid !== undefined) live.delete(pid);
			const stdoutBuffer = Buffer.concat(out);
			let stderr = Buffer.concat(err).toString('utf8');
			if (spawnError) stderr += `${stderr ? '\n' : ''}spawn error: ${spawnError.message}`;
			resolve({
				ok: code === 0 && !timedOut && !spawnError,
				exitCode: code,
				signal,
				timedOut,
				stdout: stdoutBuffer.toString('utf8'),
				stderr,
				stdoutBuffer,
				durationMs: Date.now() - started,
			});
		});
		if (options.input !== undefined) child.stdin.end(options.input);
		else child.stdin.end();
	});
}

/** Kills every process group started by runCommand that is still running (safety net for test teardown). */
export function killAllStarted(): void {
	for (const pid of live) killGroup(pid);
}

let gitExecPath: string | undefined;
/** `git --exec-path`, computed once. */
export function gitExecDir(): string {
	if (gitExecPath === undefined) {
		const result = spawnSync('git', ['--exec-path'], {encoding: 'utf8', timeout: 10_000});
		if (result.status !== 0) throw new Error(`git --exec-path failed: ${result.stderr}`);
		gitExecPath = result.stdout.trim();
	}
	return gitExecPath;
}

/** A minimal environment for git plumbing run by the fake server itself (no user config). */
export function plumbingEnv(extra: Record<string, string> = {}): Record<string, string> {
	return {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		LANG: 'C',
		HOME: '/nonexistent',
		GIT_CONFIG_NOSYSTEM: '1',
		GIT_CONFIG_GLOBAL: '/dev/null',
		GIT_TERMINAL_PROMPT: '0',
		...extra,
	};
}
