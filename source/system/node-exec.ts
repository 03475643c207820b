// Running a program: the one way the tool starts a subprocess. Apart from node-system.ts so that the command's entry
// can start the commands every run asks (system/early-commands.ts) before the rest of the CLI loads.
import {spawn} from 'node:child_process';
import type {Exec, ExecOptions, ExecResult} from './types.js';

const outputLimit = 1024 * 1024;

export const nodeExec: Exec = {
	run(command: string, args: string[], options: ExecOptions): Promise<ExecResult> {
		return new Promise(resolve => {
			let stdout = '';
			let stderr = '';
			let timedOut = false;
			let settled = false;
			const finish = (result: ExecResult) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				options.signal?.removeEventListener('abort', onAbort);
				resolve(result);
			};
			const child = spawn(command, args, {
				cwd: options.cwd,
				env: options.env as NodeJS.ProcessEnv | undefined,
				// No input: /dev/null, as good as an empty pipe to the program, without a pipe and its stream.
				stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
				// Its own process group, so a timeout also ends what it started (git → ssh, helpers).
				detached: process.platform !== 'win32',
			});
			const kill = () => {
				try {
					if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
					else child.kill('SIGKILL');
				} catch {
					// Already gone.
				}
			};
			const onAbort = () => kill();
			options.signal?.addEventListener('abort', onAbort, {once: true});
			const timer = setTimeout(() => {
				timedOut = true;
				kill();
			}, options.timeoutMs);
			child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
				if (stdout.length < outputLimit) stdout += chunk;
			});
			child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
				if (stderr.length < outputLimit) stderr += chunk;
			});
			child.stdin?.on('error', () => {});
			child.stdin?.end(options.input);
			child.on('error', (error: NodeJS.ErrnoException) => {
				finish({code: undefined, stdout, stderr, timedOut, startError: error.code ?? error.message});
			});
			child.on('close', code => {
				finish({code: code ?? undefined, stdout, stderr, timedOut});
			});
		});
	},
};
