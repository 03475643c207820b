// How the go command runs git (docs/git.md §0, docs/go.md §6), for the git-route, git-auth and git-access
// checks: Go's environment on top of the user's, and a throwaway bare repository with `origin` set to the URL, like
// Go's cache repository in $GOMODCACHE/cache/vcs/<hash>. Inside it, `includeIf gitdir:` / `hasconfig:remote.*.url:`
// behave as they do for Go (docs/git.md §6.12), and the user's own project `.git/config` never applies (golang/go#65041).
import type {GoEnvData} from '../engine/check-data.js';
import type {CheckContext} from '../engine/types.js';
import {insteadOfRules, parseConfigZ, type ConfigRecord} from '../rules/insteadof.js';
import type {Environment, ExecResult} from '../system/types.js';
import {goAtLeast} from './go-env.js';

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

/** What `git config -z --show-scope --show-origin --list` shows in the repository: every record in git's order
 * (a later one wins, as for `git config --get`), keys as git writes them (section and variable lower-cased, the
 * subsection as written). Read once per repository; each step picks what it needs. */
export type GitConfig = {
	records: ConfigRecord[];
	/** The scoped listing failed (git before 2.26 has no --show-scope; a config error stops any listing). */
	scopedFailure?: ExecResult;
	/** No listing at all: git could not list its configuration. */
	failure?: ExecResult;
};

/** `git config --get KEY`: the last value, '' for a key written without `= value`, undefined when unset. */
export function configValue(config: GitConfig, key: string): string | undefined {
	const wanted = canonicalKey(key);
	const record = config.records.findLast(entry => entry.key === wanted);
	return record ? (record.value ?? '') : undefined;
}

/** git's form of a key: section and variable lower-cased, the subsection kept. */
function canonicalKey(key: string): string {
	const first = key.indexOf('.');
	const last = key.lastIndexOf('.');
	if (first < 0) return key.toLowerCase();
	return `${key.slice(0, first).toLowerCase()}${key.slice(first, last)}${key.slice(last).toLowerCase()}`;
}

/** `origin\0key\nvalue\0` records of a listing without --show-scope. */
function parseOriginZ(output: string): ConfigRecord[] {
	const parts = output.split('\0');
	const records: ConfigRecord[] = [];
	for (let i = 0; i + 1 < parts.length; i += 2) {
		const newline = parts[i + 1]!.indexOf('\n');
		const key = newline < 0 ? parts[i + 1]! : parts[i + 1]!.slice(0, newline);
		if (key !== '') records.push({scope: '', origin: parts[i]!, key, value: newline < 0 ? undefined : parts[i + 1]!.slice(newline + 1)});
	}
	return records;
}

async function listGitConfig(git: (args: string[]) => Promise<ExecResult>): Promise<GitConfig> {
	const scoped = await git(['config', '-z', '--show-scope', '--show-origin', '--list']);
	if (scoped.code === 0) return {records: parseConfigZ(scoped.stdout)};
	// git before 2.26 stops at the unknown option with its usage (exit 129); --show-origin is older (2.8).
	if (scoped.code !== 129) return {records: [], scopedFailure: scoped, failure: scoped};
	const plain = await git(['config', '-z', '--show-origin', '--list']);
	return plain.code === 0 ? {records: parseOriginZ(plain.stdout), scopedFailure: scoped} : {records: [], scopedFailure: scoped, failure: plain};
}

export type GoLikeRepo = {
	/** The bare repository (also the working directory of every command). */
	dir: string;
	/** Go's environment (with GIT_DIR=dir when the Go release sets it). */
	env: Environment;
	sshCommandAdded: boolean;
	userAllowsPrompts: boolean;
	/** Runs git in the repository with Go's environment (plus `extraEnv`). */
	git(args: string[], options?: {timeoutMs?: number; input?: string; extraEnv?: Environment; signal?: AbortSignal}): Promise<ExecResult>;
	/** git's configuration as the repository sees it, listed once. */
	config(): Promise<GitConfig>;
	/** `git ls-remote --get-url origin`: the URL git uses for origin after insteadOf, asked once. */
	originUrl(): Promise<ExecResult>;
	/** `git ls-remote -q origin` as Go runs it: the answer started early for this repository when there is one. */
	lsRemote(options: {timeoutMs: number; signal?: AbortSignal}): Promise<ExecResult>;
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

/** The first release known to run git with GIT_DIR set (docs/go.md §6.1: 1.21 to 1.24 read and run; 1.20 not read). */
const GIT_DIR_SINCE_MINOR = 21;

/** Whether the Go release that will run sets GIT_DIR for its git commands (docs/go.md §6.1): 1.21 and later do, so
 * safe.bareRepository=explicit does not stop them; 1.19 runs git inside its bare repository without it. The one
 * place this is decided for every git step. */
export function goSetsGitDir(goEnv: GoEnvData | undefined): boolean {
	return goAtLeast(goEnv, GIT_DIR_SINCE_MINOR);
}

/** git's words when safe.bareRepository=explicit stops a command that found a bare repository by its directory. */
export function refusesBareRepository(result: ExecResult): boolean {
	return /cannot use bare repository/.test(result.stderr);
}

type RepoOptions = {sshCommand: boolean; gitDir: boolean};

/** The bare repository made for one URL: the directory, Go's environment, how `init` / `remote add` went, and what
 * git says there once asked (config listing, origin's URL), shared by every step that uses the repository. */
type PreparedRepo = {
	dir: string;
	/** The URL `remote add` gave origin. */
	url: string;
	go: GoGitEnvironment;
	opening: {kind: 'ready'} | {kind: 'git-missing'} | {kind: 'init-failed'; result: ExecResult} | {kind: 'remote-add-failed'; result: ExecResult};
	config?: Promise<GitConfig>;
	originUrl?: Promise<ExecResult>;
	/** `git ls-remote -q origin` started before go-import answered (see askEarly), for git-access to take. */
	early?: {result: Promise<ExecResult>; timeoutMs: number; stop: AbortController};
	/** A shared repository's steps using it now, whether its module's last step (git-access) is done with it, and how
	 * to remove it then: it goes as soon as nothing can use it, not at the run's end (sharedRepo). */
	sharing?: {users: number; lastUseDone: boolean; remove(): Promise<void>};
};

/** Go's two commands in a fresh directory: `git init --bare`, then `git remote add origin -- <url>` there. Run without
 * a step's signal, so a repository shared by several steps never keeps one step's cancellation; both are local and
 * bounded by localGitTimeoutMs. */
async function prepareRepo(context: CheckContext, url: string, options: RepoOptions): Promise<PreparedRepo> {
	const {system} = context;
	const dir = await system.makeTempDir('gitlab-go-check-git-');
	try {
		// Older Go runs git inside the bare repository without GIT_DIR (gitDir: false).
		const go = goGitEnvironment(system.env, {...(options.gitDir ? {gitDir: dir} : {}), sshCommand: options.sshCommand});
		const {GIT_DIR: _ignored, ...initEnv} = go.env;
		const init = await system.exec.run('git', ['init', '--bare', '-q'], {env: initEnv, cwd: dir, timeoutMs: localGitTimeoutMs});
		if (notInstalled(init)) return {dir, url, go, opening: {kind: 'git-missing'}};
		if (init.code !== 0) return {dir, url, go, opening: {kind: 'init-failed', result: init}};
		const add = await system.exec.run('git', ['remote', 'add', 'origin', '--', url], {env: go.env, cwd: dir, timeoutMs: localGitTimeoutMs});
		return {dir, url, go, opening: add.code === 0 ? {kind: 'ready'} : {kind: 'remote-add-failed', result: add}};
	} catch (error) {
		await system.removeDir(dir).catch(() => {});
		throw error;
	}
}

/** One repository per URL and Go behaviour per module of a run: git-route, git-auth and git-access each used to make
 * their own, and list git's configuration again. None of them writes to it (config reads, `credential fill`,
 * `ls-remote`), so they see what Go's single cache repository shows git. Removed once its module's git-access is done
 * with it and no step uses it, else when the run ends. */
const sharedByRun = new WeakMap<CheckContext, Map<string, Promise<PreparedRepo>>>();

function sharedRepo(context: CheckContext, url: string, options: RepoOptions): Promise<PreparedRepo> | undefined {
	const atRunEnd = context.atRunEnd;
	if (!atRunEnd) return undefined;
	let repos = sharedByRun.get(context);
	if (!repos) sharedByRun.set(context, (repos = new Map()));
	const key = JSON.stringify([url, options.sshCommand, options.gitDir]);
	let prepared = repos.get(key);
	if (!prepared) {
		const made = prepareRepo(context, url, options).then(repo => {
			let removed: Promise<void> | undefined;
			const remove = () => {
				// A step that asks for this URL later makes a repository of its own.
				if (repos.get(key) === made) repos.delete(key);
				return (removed ??= removeRepo(context, repo));
			};
			repo.sharing = {users: 0, lastUseDone: false, remove};
			return repo;
		});
		prepared = made;
		repos.set(key, made);
		atRunEnd(async () => {
			const repo = await made.catch(() => undefined);
			await repo?.sharing?.remove();
		});
	}
	return prepared;
}

/** Removes a repository once what was asked there has ended; what a step left untaken (an early `ls-remote` of a run
 * that stopped early) is stopped first. */
async function removeRepo(context: CheckContext, repo: PreparedRepo): Promise<void> {
	repo.early?.stop.abort();
	await Promise.all([repo.config, repo.originUrl, repo.early?.result]).catch(() => {});
	await context.system.removeDir(repo.dir);
}

/** A local git command in the prepared repository, with Go's environment and no step's signal (shared answers). */
function runLocal(context: CheckContext, prepared: PreparedRepo, args: string[]): Promise<ExecResult> {
	return context.system.exec.run('git', args, {env: prepared.go.env, cwd: prepared.dir, timeoutMs: localGitTimeoutMs});
}

function configOf(context: CheckContext, prepared: PreparedRepo): Promise<GitConfig> {
	return (prepared.config ??= listingFor(context, prepared));
}

/** The first repository of a run (per way of running git) lists git's configuration; the others take that listing
 * with their own directory and origin when nothing in it can differ between them (listingOfAnother): one git
 * process less per module in a repository of dozens. */
async function listingFor(context: CheckContext, prepared: PreparedRepo): Promise<GitConfig> {
	const own = () => listGitConfig(args => runLocal(context, prepared, args));
	if (!context.perRun || prepared.opening.kind !== 'ready') return own();
	const first = await context.perRun.once(`git config listing ${prepared.go.env['GIT_DIR'] === undefined ? 'in' : 'with'} GIT_DIR`, async () => ({repo: prepared, config: await own()}));
	if (first.repo === prepared) return first.config;
	return listingOfAnother(first.config, first.repo, prepared) ?? own();
}

/**
 * What `git config --list` shows in `repo`, from the listing of `listed`, another repository made the same way in
 * this run (docs/git.md §1.4): the system, global and command-line entries are the same, and the repository's own
 * file differs only in origin's URL (what `remote add` wrote) and its path. Undefined when anything could make the
 * two differ: a conditional include (gitdir:, onbranch:, hasconfig:remote.*.url: all depend on the repository), an
 * include in the repository's own file (its path is relative to that file), a listing without scopes, or a failure.
 */
export function listingOfAnother(config: GitConfig, listed: {dir: string; url: string}, repo: {dir: string; url: string}): GitConfig | undefined {
	if (config.failure || config.scopedFailure) return undefined;
	const relative = 'file:config';
	const absolute = (dir: string) => `file:${dir}/config`;
	const local = config.records.filter(record => record.scope === 'local');
	const origins = local.filter(record => record.key === 'remote.origin.url');
	if (local.length === 0 || origins.length !== 1 || origins[0]!.value !== listed.url) return undefined;
	if (local.some(record => record.origin !== relative && record.origin !== absolute(listed.dir))) return undefined;
	if (config.records.some(record => record.key.startsWith('includeif.') || (record.scope === 'local' && record.key === 'include.path'))) return undefined;
	return {
		records: config.records.map(record => {
			if (record.scope !== 'local') return record;
			const origin = record.origin === relative ? relative : absolute(repo.dir);
			return {...record, origin, ...(record.key === 'remote.origin.url' ? {value: repo.url} : {})};
		}),
	};
}

function originUrlOf(context: CheckContext, prepared: PreparedRepo): Promise<ExecResult> {
	return (prepared.originUrl ??= configOf(context, prepared).then(config =>
		rewritesNothing(config, prepared.url) ? {code: 0, stdout: `${prepared.url}\n`, stderr: '', timedOut: false} : runLocal(context, prepared, ['ls-remote', '--get-url', 'origin']),
	));
}

/** git's answer to `ls-remote --get-url origin` is known without asking when its configuration, as the repository
 * sees it, has no url.*.insteadOf rule and origin's URL is the one `remote add` wrote (docs/git.md §1.4): one git
 * process less per module, which counts in a repository of dozens. */
function rewritesNothing(config: GitConfig, url: string): boolean {
	if (config.failure || config.scopedFailure) return false;
	const origins = config.records.filter(record => record.key === 'remote.origin.url');
	const {rules, fatal} = insteadOfRules(config.records);
	return origins.length === 1 && origins[0]!.value === url && rules.length === 0 && fatal === undefined;
}

export type GoLikeRepoOptions = {
	/** go-env's data: which Go release runs, and so how it makes its repository (goSetsGitDir). */
	goEnv: GoEnvData | undefined;
	signal?: AbortSignal;
	sshCommand?: boolean;
	/** The module's last step with this repository (git-access): once no step uses it, it is removed. */
	lastUse?: boolean;
	/** The step only reads what git would use (URL, config, credentials): when git refuses the bare repository of a
	 * Go that sets no GIT_DIR (safe.bareRepository=explicit), it reads in one with GIT_DIR, as newer Go makes, and
	 * git-access reports the refusal. */
	readsOnly?: boolean;
};

function repoOptions(options: Pick<GoLikeRepoOptions, 'goEnv' | 'sshCommand'>): RepoOptions {
	return {sshCommand: options.sshCommand ?? true, gitDir: goSetsGitDir(options.goEnv)};
}

/** Whether git-access's `ls-remote` may start before go-import says which URL Go gives git: only when it can do
 * nothing Go's own requests do not already do. git goes over HTTPS to the module's own host, where go-import sends
 * the same .netrc credentials, with no insteadOf rule in between; and nothing that can ask the user runs (no
 * credential helper, no askpass program), so a guess go-import does not confirm costs a request and nothing else. */
function askEarly(context: CheckContext, url: string, config: GitConfig, originUrl: ExecResult): boolean {
	if (config.failure || originUrl.code !== 0 || originUrl.stdout.trim() !== url) return false;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.host !== context.target.host.toLowerCase()) return false;
	const env = context.system.env;
	if (env['GIT_ASKPASS'] || env['SSH_ASKPASS'] || configValue(config, 'core.askPass')) return false;
	return !config.records.some(record => /^credential\..*helper$/s.test(record.key) && (record.value ?? '') !== '' && helperMayApply(record.key, parsed.hostname));
}

/** A `credential.<url>.helper` for another host does not apply (a system config's helper for one service); anything
 * else might: `credential.helper`, a pattern with a wildcard or without a scheme (docs/git.md §1.4). */
function helperMayApply(key: string, hostname: string): boolean {
	const pattern = key.slice('credential.'.length, key.length - '.helper'.length);
	if (!pattern.includes('://')) return true;
	try {
		const host = new URL(pattern).hostname;
		return host.includes('*') || host === hostname;
	} catch {
		return true;
	}
}

/** Starts the repository Go would make for `url`, with git's config listing and origin's URL, for the steps of this
 * module's run that will ask for it (git-route starts it while go-import is still asking GitLab which URL it is),
 * and git-access's `ls-remote` when askEarly allows. A URL go-import does not name is never used: git-route then
 * opens the repository of the URL it names. Nothing is started when a check runs alone. */
export function prepareGoLikeRepo(context: CheckContext, url: string, options: Pick<GoLikeRepoOptions, 'goEnv' | 'sshCommand'>): void {
	const shared = sharedRepo(context, url, repoOptions(options));
	void shared
		?.then(async prepared => {
			if (prepared.opening.kind !== 'ready') return;
			const [config, originUrl] = await Promise.all([configOf(context, prepared), originUrlOf(context, prepared)]);
			if (prepared.early || !askEarly(context, url, config, originUrl)) return;
			const stop = new AbortController();
			const timeoutMs = context.options.timeoutMs;
			prepared.early = {result: runLsRemote(context, prepared, timeoutMs, stop.signal), timeoutMs, stop};
		})
		.catch(() => {});
}

/** git-access's command, with Go's environment in the prepared repository. */
function runLsRemote(context: CheckContext, prepared: PreparedRepo, timeoutMs: number, signal: AbortSignal | undefined): Promise<ExecResult> {
	return context.system.exec.run('git', ['ls-remote', '-q', 'origin'], {env: prepared.go.env, cwd: prepared.dir, timeoutMs, ...(signal ? {signal} : {})});
}

/** Gives `use` the bare repository Go would make for `url` (shared by the steps of this module's run when the engine
 * runs them; made and removed around `use` when a check runs alone). */
export async function withGoLikeRepo<T>(context: CheckContext, url: string, use: (opened: OpenedRepo) => Promise<T>, options: GoLikeRepoOptions): Promise<T> {
	const {system} = context;
	const made: PreparedRepo[] = [];
	let held: PreparedRepo['sharing'];
	const open = async (repo: RepoOptions) => {
		const shared = sharedRepo(context, url, repo);
		const prepared = await (shared ?? prepareRepo(context, url, repo));
		if (!shared) made.push(prepared);
		return prepared;
	};
	try {
		const wanted = repoOptions(options);
		let prepared = await open(wanted);
		if (options.readsOnly && !wanted.gitDir && prepared.opening.kind === 'remote-add-failed' && refusesBareRepository(prepared.opening.result)) {
			prepared = await open({...wanted, gitDir: true});
		}
		held = prepared.sharing;
		if (held) held.users++;
		const {dir, go, opening} = prepared;
		if (opening.kind === 'git-missing') return await use({kind: 'git-missing'});
		if (opening.kind === 'init-failed') return await use({kind: 'init-failed', result: opening.result});
		const finalPrepared = prepared;
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
			config: () => configOf(context, finalPrepared),
			originUrl: () => originUrlOf(context, finalPrepared),
			lsRemote: ({timeoutMs, signal}) => {
				const early = finalPrepared.early;
				// The same command, environment, repository and time limit: the answer git-access would get now.
				if (early && early.timeoutMs === timeoutMs) return early.result;
				return runLsRemote(context, finalPrepared, timeoutMs, signal ?? options.signal);
			},
		};
		if (opening.kind === 'remote-add-failed') return await use({kind: 'remote-add-failed', repo, result: opening.result});
		return await use({kind: 'ready', repo});
	} finally {
		if (held) {
			held.users--;
			if (options.lastUse) held.lastUseDone = true;
			// Removed in the background (the run's end waits for it): the step's answer does not wait.
			if (held.lastUseDone && held.users === 0) held.remove().catch(() => {});
		}
		for (const prepared of made) await removeRepo(context, prepared).catch(() => {});
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
