// How the go command runs git (docs/git.md §0, docs/go.md §6), for the git-route, git-auth and git-access
// checks: Go's environment on top of the user's, and a throwaway bare repository with `origin` set to the URL, like
// Go's cache repository in $GOMODCACHE/cache/vcs/<hash>. Inside it, `includeIf gitdir:` / `hasconfig:remote.*.url:`
// behave as they do for Go (docs/git.md §6.12), and the user's own project `.git/config` never applies (golang/go#65041).
import type {CheckContext} from '../engine/types.js';
import type {Environment, ExecResult} from '../system/types.js';

/** What Go up to 1.2x sets when neither GIT_SSH nor GIT_SSH_COMMAND is set (docs/git.md §0; golang/go#71482). */
export const goSshCommand = 'ssh -o ControlMaster=no -o BatchMode=yes';

/** Local git commands (init, config, get-url) touch no network; this bounds them anyway. */
export const localGitTimeoutMs = 10_000;

export type GoGitEnvironment = {
	env: Environment;
	/** True when GIT_SSH_COMMAND was added the way older Go adds it. */
	sshCommandAdded: boolean;
	/** The user's own GIT_TERMINAL_PROMPT when it allows prompts: Go leaves it alone, we never prompt. */
	userAllowsPrompts: boolean;
};

function isFalse(value: string): boolean {
	return /^(0|false|no|off)$/i.test(value.trim());
}

/** The user's environment with what Go adds: GIT_TERMINAL_PROMPT=0, GCM_INTERACTIVE=never and (older Go) GIT_SSH_COMMAND.
 * Go keeps a GIT_TERMINAL_PROMPT the user set; this tool always runs git with prompts off, and says so. */
export function goGitEnvironment(user: Environment, options: {gitDir?: string; sshCommand?: boolean} = {}): GoGitEnvironment {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(user)) if (value !== undefined) env[key] = value;
	const prompt = user['GIT_TERMINAL_PROMPT'];
	const userAllowsPrompts = prompt !== undefined && prompt !== '' && !isFalse(prompt);
	env['GIT_TERMINAL_PROMPT'] = '0';
	if (!env['GCM_INTERACTIVE']) env['GCM_INTERACTIVE'] = 'never';
	let sshCommandAdded = false;
	if ((options.sshCommand ?? true) && !user['GIT_SSH'] && !user['GIT_SSH_COMMAND']) {
		env['GIT_SSH_COMMAND'] = goSshCommand;
		sshCommandAdded = true;
	}
	if (options.gitDir !== undefined) env['GIT_DIR'] = options.gitDir;
	return {env, sshCommandAdded, userAllowsPrompts};
}

export type GoLikeRepo = {
	/** The bare repository (also the working directory of every command). */
	dir: string;
	/** Go's environment with GIT_DIR=dir. */
	env: Environment;
	sshCommandAdded: boolean;
	userAllowsPrompts: boolean;
	/** Runs git in the repository with Go's environment (plus `extraEnv`). */
	git(args: string[], options?: {timeoutMs?: number; input?: string; extraEnv?: Environment; signal?: AbortSignal}): Promise<ExecResult>;
};

export type OpenedRepo =
	| {kind: 'ready'; repo: GoLikeRepo}
	| {kind: 'git-missing'}
	/** `git remote add` failed, e.g. a config error that stops every git command that loads remotes. */
	| {kind: 'remote-add-failed'; repo: GoLikeRepo; result: ExecResult}
	| {kind: 'init-failed'; result: ExecResult};

/** True when a result says the program is not there at all. */
export function notInstalled(result: ExecResult): boolean {
	return result.startError === 'ENOENT';
}

/** Makes the bare repository Go would make for `url`, runs `use` with it and removes it, whatever happens. */
export async function withGoLikeRepo<T>(
	context: CheckContext,
	url: string,
	use: (opened: OpenedRepo) => Promise<T>,
	options: {signal?: AbortSignal; sshCommand?: boolean; gitDirEnv?: boolean} = {},
): Promise<T> {
	const {system} = context;
	const dir = await system.makeTempDir('gitlab-go-check-git-');
	try {
		// Older Go runs git inside the bare repository without GIT_DIR (gitDirEnv: false; docs/go.md §6.1).
		const go = goGitEnvironment(system.env, {...(options.gitDirEnv === false ? {} : {gitDir: dir}), sshCommand: options.sshCommand ?? true});
		const repo: GoLikeRepo = {
			dir,
			env: go.env,
			sshCommandAdded: go.sshCommandAdded,
			userAllowsPrompts: go.userAllowsPrompts,
			git: (args, runOptions = {}) =>
				system.exec.run('git', args, {
					env: runOptions.extraEnv ? {...go.env, ...runOptions.extraEnv} : go.env,
					cwd: dir,
					timeoutMs: runOptions.timeoutMs ?? localGitTimeoutMs,
					...(runOptions.input !== undefined ? {input: runOptions.input} : {}),
					...(runOptions.signal ?? options.signal ? {signal: runOptions.signal ?? options.signal} : {}),
				}),
		};
		// Go runs `git init --bare` in the cache directory, then `git remote add origin -- <url>` there.
		const {GIT_DIR: _ignored, ...initEnv} = go.env;
		const init = await system.exec.run('git', ['init', '--bare', '-q'], {env: initEnv, cwd: dir, timeoutMs: localGitTimeoutMs});
		if (notInstalled(init)) return await use({kind: 'git-missing'});
		if (init.code !== 0) return await use({kind: 'init-failed', result: init});
		const add = await repo.git(['remote', 'add', 'origin', '--', url]);
		if (add.code !== 0) return await use({kind: 'remote-add-failed', repo, result: add});
		return await use({kind: 'ready', repo});
	} finally {
		await system.removeDir(dir).catch(() => {});
	}
}

/** The fix for a missing git, per platform. */
export function installGitFix(platform: string): {title: string; commands: string[]; safe: boolean; link: string} {
	const commands =
		platform === 'darwin' ? ['xcode-select --install'] : platform === 'win32' ? ['winget install --id Git.Git -e'] : ['sudo apt-get install git'];
	return {title: 'Install git (the go command runs it for every GitLab module)', commands, safe: false, link: 'https://git-scm.com/downloads'};
}

/** One line of a failed git command's stderr worth quoting. */
export function lastErrorLine(result: ExecResult): string {
	const lines = result.stderr
		.split(/\r?\n/)
		.map(line => line.trim())
		.filter(line => line !== '');
	return lines.find(line => /^(fatal|error): /.test(line)) ?? lines[0] ?? (result.timedOut ? 'timed out' : `exit status ${result.code ?? 'unknown'}`);
}

/** `GIT_DIR=<empty dir> git ls-remote --get-url <url>`: the newest Go's first `ls-remote` runs before `git init`, with
 * the raw URL and an empty GIT_DIR, so conditional includes that need a repository do not apply (docs/git.md §0,
 * docs/git.md §1.4, §6.13). Undefined when git could not answer. */
export async function getUrlOutsideRepository(context: CheckContext, url: string, signal?: AbortSignal): Promise<string | undefined> {
	const {system} = context;
	const dir = await system.makeTempDir('gitlab-go-check-empty-');
	try {
		const go = goGitEnvironment(system.env, {gitDir: dir});
		const result = await system.exec.run('git', ['ls-remote', '--get-url', url], {
			env: go.env,
			cwd: dir,
			timeoutMs: localGitTimeoutMs,
			...(signal ? {signal} : {}),
		});
		return result.code === 0 ? result.stdout.trim() : undefined;
	} finally {
		await system.removeDir(dir).catch(() => {});
	}
}
