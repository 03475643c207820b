// An in-memory System for unit tests: files, environment and subprocess answers are all given.
import {resolveTarget} from '../../source/engine/target.js';
import type {Check, CheckContext, CheckId, CheckResult, RunOptions, Upstream} from '../../source/engine/types.js';
import {Redactor} from '../../source/engine/redact.js';
import type {DirEntry, Environment, ExecOptions, ExecResult, FileInfo, Http, Platform, System} from '../../source/system/types.js';

export type FakeFile = string | Buffer | {directory: true} | {text: string | Buffer; mode: number} | {unreadable: string};

export type FakeSystemOptions = {
	platform?: Platform;
	env?: Environment;
	files?: Record<string, FakeFile>;
	/** Answers keyed by "command arg1 arg2"; a function gets the args. Unknown commands are not installed. */
	commands?: Record<string, Partial<ExecResult> | ((args: string[]) => Partial<ExecResult>)>;
	/** The HTTP a live check sees; unit tests without it have no network at all. */
	http?: Http;
	/** The directory go would run in. */
	cwd?: string;
};

export type FakeSystem = System & {calls: string[]; execs: Array<{call: string; options: ExecOptions}>};

export function fakeSystem(options: FakeSystemOptions = {}): FakeSystem {
	const platform = options.platform ?? 'linux';
	const env = options.env ?? {HOME: '/home/user'};
	const files = options.files ?? {};
	const calls: string[] = [];
	const execs: Array<{call: string; options: ExecOptions}> = [];
	let clock = 0;
	const entry = (path: string) => files[path];
	return {
		platform,
		env,
		...(options.cwd ? {cwd: options.cwd} : {}),
		homeDir: platform === 'win32' ? env['USERPROFILE'] : env['HOME'],
		calls,
		execs,
		fs: {
			async readFile(path, limitBytes = 1024 * 1024) {
				const file = entry(path);
				if (file === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), {code: 'ENOENT'});
				if (typeof file === 'object' && 'directory' in file) throw Object.assign(new Error(`EISDIR: ${path}`), {code: 'EISDIR'});
				if (typeof file === 'object' && 'unreadable' in file) throw Object.assign(new Error(`${file.unreadable}: ${path}`), {code: file.unreadable});
				const content = typeof file === 'object' && 'text' in file ? file.text : file;
				const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
				return {bytes: bytes.subarray(0, limitBytes), truncated: bytes.length > limitBytes};
			},
			async stat(path): Promise<FileInfo | undefined> {
				const file = entry(path);
				if (file === undefined) return undefined;
				if (typeof file === 'object' && 'directory' in file) return {isFile: false, isDirectory: true, mode: 0o755, size: 4096};
				if (typeof file === 'object' && 'unreadable' in file) return {isFile: true, isDirectory: false, mode: 0o000, size: 10};
				const content = typeof file === 'object' && 'text' in file ? file.text : file;
				const mode = typeof file === 'object' && 'mode' in file ? file.mode : 0o600;
				return {isFile: true, isDirectory: false, mode, size: Buffer.byteLength(content)};
			},
			// The directories are the given ones ({directory: true}) and every parent of a given path.
			async readDir(path): Promise<DirEntry[] | undefined> {
				const prefix = path.endsWith('/') ? path : `${path}/`;
				const file = entry(path);
				if (file !== undefined && !(typeof file === 'object' && 'directory' in file)) return undefined;
				const found = new Map<string, DirEntry>();
				for (const [each, content] of Object.entries(files)) {
					if (!each.startsWith(prefix)) continue;
					const [name, ...rest] = each.slice(prefix.length).split('/');
					if (!name) continue;
					const directory = rest.length > 0 || (typeof content === 'object' && 'directory' in content);
					found.set(name, {name, isFile: !directory, isDirectory: directory});
				}
				return file === undefined && found.size === 0 ? undefined : [...found.values()];
			},
		},
		exec: {
			async run(command, args, runOptions) {
				const key = [command, ...args].join(' ');
				calls.push(key);
				execs.push({call: key, options: runOptions});
				const answer = options.commands?.[key] ?? options.commands?.[command];
				if (answer === undefined) return {code: undefined, stdout: '', stderr: '', timedOut: false, startError: 'ENOENT'};
				const partial = typeof answer === 'function' ? answer(args) : answer;
				return {code: 0, stdout: '', stderr: '', timedOut: false, ...partial};
			},
		},
		http: async () => {
			if (!options.http) throw new Error('this unit test has no network');
			return options.http;
		},
		makeTempDir: async prefix => `/tmp/${prefix}fake`,
		removeDir: async () => {},
		now: () => (clock += 1),
	};
}

export function runOptions(overrides: Partial<RunOptions> = {}): RunOptions {
	return {module: 'gitlab.example.com/group/project', offline: true, timeoutMs: 10_000, verbose: false, ...overrides};
}

export function contextFor(system: System, overrides: Partial<RunOptions> = {}): CheckContext & {secrets: Redactor} {
	const options = runOptions(overrides);
	return {options, system, secrets: new Redactor(), target: resolveTarget(options.module)};
}

/** Upstream results for a check under test: data by id, with a pass result for each (or the status and reason code given). */
export function upstreamOf(data: Partial<Record<CheckId, unknown>>, statuses: Partial<Record<CheckId, CheckResult['status']>> = {}, reasons: Partial<Record<CheckId, string>> = {}): Upstream {
	return {
		result: id =>
			id in data || id in statuses
				? {id, title: id, status: statuses[id] ?? 'pass', summary: '', details: [], evidence: {}, fixes: [], blockedBy: [], durationMs: 0, ...(reasons[id] ? {reason: reasons[id]} : {})}
				: undefined,
		data: id => data[id] as never,
	};
}

/**
 * Runs one check. The module reference is resolved from options.module, as the engine does; a test that gives
 * module-path data describes the module that way, so that data overrides the resolved reference.
 */
export async function runCheck<Id extends CheckId, Reads extends CheckId>(check: Check<Id, Reads>, system: System, upstream: Upstream = upstreamOf({}), overrides: Partial<RunOptions> = {}) {
	const context = contextFor(system, overrides);
	const modulePath = upstream.data('module-path');
	if (modulePath) context.target = {...context.target, ...modulePath, ...(modulePath.qualifier ? {} : {qualifier: undefined})};
	const outcome = await check.run(context, upstream, new AbortController().signal);
	assertStableReason(check.id, outcome);
	return {outcome, redactor: context.secrets};
}

/**
 * Every failing or warning outcome carries a stable code (JSON `reason`, README "JSON output"): every check test runs
 * its outcomes through here, so a new fail/warn branch without one fails the test that reaches it.
 */
export function assertStableReason(id: string, outcome: {status: string; reason?: string; summary: string}): void {
	if (outcome.status !== 'fail' && outcome.status !== 'warn') return;
	const {reason} = outcome;
	if (reason === undefined || !/^[a-z][a-z0-9]*(-[a-z0-9]+)+(:[a-z0-9-]+)?$/.test(reason) || reason === `${id}-${outcome.status}`) {
		throw new Error(`${id} ${outcome.status} without a stable reason code (${String(reason)}): ${outcome.summary}`);
	}
}
