// The real System: this process's environment, files and subprocesses.
import {mkdtempAsync, readdirAsync, rmAsync, statAsync} from './fs-async.js';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {withEarlyAnswers} from './early-commands.js';
import {nodeExec} from './node-exec.js';
import {EnvironmentProblem} from './environment-problem.js';
import {currentPlatform} from './platform.js';
import {readRegularFile} from './read-regular-file.js';
import type {Environment, FileSystem, Http, Platform, System} from './types.js';

const defaultReadLimit = 1024 * 1024;

export const nodeFileSystem: FileSystem = {
	readFile: (path, limitBytes = defaultReadLimit) => readRegularFile(path, limitBytes),
	async stat(path) {
		try {
			const info = await statAsync(path);
			return {isFile: info.isFile(), isDirectory: info.isDirectory(), mode: info.mode & 0o777, size: info.size};
		} catch {
			return undefined;
		}
	},
	async readDir(path) {
		try {
			const entries = await readdirAsync(path, {withFileTypes: true});
			return entries.map(entry => ({name: entry.name, isFile: entry.isFile(), isDirectory: entry.isDirectory()}));
		} catch {
			return undefined;
		}
	},
};

/** A fresh directory under TMPDIR; when TMPDIR is unusable, under /tmp (the directory is only where git runs
 * from, so its place does not change an answer); when neither works, the problem said plainly. */
async function makeTempDir(base: string, prefix: string): Promise<string> {
	try {
		return await mkdtempAsync(join(base, prefix));
	} catch (error) {
		if (process.platform !== 'win32' && base !== '/tmp') {
			const fallback = await mkdtempAsync(join('/tmp', prefix)).catch(() => undefined);
			if (fallback) return fallback;
		}
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'is not writable' : code === 'ENOTDIR' ? 'is not a directory' : code === 'ENOSPC' ? 'is full' : (error as Error).message;
		throw new EnvironmentProblem(`cannot make a temporary directory: ${base} (TMPDIR) ${why}; set TMPDIR to a writable directory`);
	}
}

/** With `warmHttp`, the HTTP stack starts loading at once, beside the local checks, instead of on the
 * first live request (it is most of the start-up cost of an online run). `cwd`: where go runs (--dir DIR), when not
 * the process's own directory. */
export function createNodeSystem(env: Environment = {...process.env}, options: {warmHttp?: boolean; cwd?: string} = {}): System {
	const platform = currentPlatform();
	let http: Promise<Http> | undefined;
	const system: System = {
		platform,
		env,
		cwd: options.cwd ?? process.cwd(),
		homeDir: platform === 'win32' ? env['USERPROFILE'] : env['HOME'],
		fs: nodeFileSystem,
		exec: withEarlyAnswers(nodeExec),
		// got and the proxy agent load only when a live check needs them.
		http: () => (http ??= import('./go-http.js').then(module => module.createGoHttp({env, platform, fs: nodeFileSystem}))),
		makeTempDir: prefix => makeTempDir(tmpdir(), prefix),
		removeDir: path => rmAsync(path, {recursive: true, force: true}),
		// Milliseconds on a monotonic clock: only differences count. (performance.now() would load perf_hooks.)
		now: () => Number(process.hrtime.bigint()) / 1e6,
	};
	// A failed load still reaches the check that needs it; here it must not become an unhandled rejection.
	if (options.warmHttp) system.http().catch(() => {});
	return system;
}
