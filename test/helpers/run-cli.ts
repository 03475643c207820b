// Runs the built CLI (dist/cli.js) as a user would, in an environment the test controls.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export type CliRun = {code: number | null; stdout: string; stderr: string};

/** `input`, when given, is written to the CLI's standard input (otherwise it has none). */
export function runCli(args: string[], options: {env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string; input?: string} = {}): Promise<CliRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {env: options.env as NodeJS.ProcessEnv, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], ...(options.cwd ? {cwd: options.cwd} : {})});
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', chunk => (stdout += chunk));
		child.stderr!.on('data', chunk => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`cli ${args.join(' ')} did not finish within ${options.timeoutMs ?? 30_000} ms\n${stderr}`));
		}, options.timeoutMs ?? 30_000);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
		if (options.input !== undefined) child.stdin!.end(options.input);
	});
}

/** A throwaway HOME with nothing in it, and an environment that points only there. */
export function emptyHome(extra: Record<string, string> = {}) {
	const home = mkdtempSync(join(tmpdir(), 'ggc-home-'));
	const env: Record<string, string> = {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GOTOOLCHAIN: 'local', ...extra};
	return {home, env, cleanup: () => rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 100})};
}

/** Plain output not on a terminal wraps at 100 columns (README "Hooks and CI"): compare text with runs of white
 * space as one space, so a summary split over lines still reads as printed. */
export function sameWords(text: string): string {
	return text.replace(/\s+/g, ' ');
}
