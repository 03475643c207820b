// The command line: what it asks for (parseCommandLine), which renderer runs, and the commands every run asks
// (go env, curl --version, git --version), started as soon as the command line is known. Shared by the command's
// entry (entry.ts), which starts those commands before the rest of the CLI loads, and the CLI (cli.tsx).
import {existsSync} from 'node:fs';
import {isatty} from 'node:tty';
import {parseArgs} from 'node:util';
import type {CliOptions} from './options.js';
import {curlReleaseMatters} from './rules/curl-netrc-location.js';
import {ciRunner, hookRunner} from './rules/run-environment.js';
import {curlVersionQuery, gitVersionQuery, goAskTimeoutMs, goEnvQuery, startEarly} from './system/early-commands.js';
import {nodeExec} from './system/node-exec.js';
import {goDirectory} from './system/go-directory.js';
import {currentPlatform} from './system/platform.js';

export class UsageError extends Error {}

export function parseCommandLine(argv: string[]): CliOptions | 'help' | 'version' {
	let parsed;
	try {
		parsed = parseArgs({
			args: negativeTimeoutJoined(argv),
			allowPositionals: true,
			strict: true,
			options: {
				json: {type: 'boolean'},
				plain: {type: 'boolean'},
				dir: {type: 'string'},
				quiet: {type: 'boolean', short: 'q'},
				offline: {type: 'boolean'},
				timeout: {type: 'string'},
				verbose: {type: 'boolean'},
				report: {type: 'string'},
				'geo-secondary': {type: 'string'},
				'no-confirm': {type: 'boolean'},
				version: {type: 'boolean'},
				help: {type: 'boolean', short: 'h'},
			},
		});
	} catch (error) {
		throw new UsageError(usageMessage(error));
	}
	const {values, positionals} = parsed;
	if (values.help) return 'help';
	if (values.version) return 'version';
	if (positionals.some(each => each.trim() === '')) throw new UsageError('MODULE is empty, e.g. gitlab.example.com/group/project');
	if (values.dir !== undefined && positionals.length > 0) throw new UsageError('give MODULE arguments or --dir DIR, not both');
	if (values.dir !== undefined && values.dir.trim() === '') throw new UsageError('--dir needs a directory');
	// MODULE@VERSION: one module, and git-access checks that its tag exists (as repository mode does).
	const module = positionals.length === 1 ? positionals[0]!.replace(/@[^@/]*$/, '') : undefined;
	const version = positionals.length === 1 ? /@([^@/]*)$/.exec(positionals[0]!)?.[1] : undefined;
	if (values.report !== undefined && values.report.trim() === '') throw new UsageError('--report needs a file name');
	const geoSecondary = values['geo-secondary'];
	if (geoSecondary !== undefined && !/^[a-z0-9.-]+(:\d+)?$/i.test(geoSecondary)) {
		throw new UsageError(`--geo-secondary takes a host name such as geo.gitlab.example.com, not "${geoSecondary}"`);
	}
	return {
		module,
		...(version ? {version} : {}),
		modules: positionals.length > 1 ? positionals : [],
		dir: values.dir,
		quiet: values.quiet ?? false,
		reportFile: values.report,
		geoSecondary: geoSecondary?.toLowerCase(),
		json: values.json ?? false,
		plain: values.plain ?? false,
		offline: values.offline ?? false,
		verbose: values.verbose ?? false,
		confirm: !(values['no-confirm'] ?? false),
		timeoutMs: parseTimeout(values.timeout),
	};
}

function usageMessage(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const unknown = /Unknown option '([^']+)'/.exec(message);
	if (unknown) return `unknown option ${unknown[1]}`;
	const missingValue = /Option '([^']+?)(?: <value>)?' argument missing/.exec(message);
	if (missingValue) return `option ${missingValue[1]} needs a value`;
	return message.split('\n')[0] ?? message;
}

/** `--timeout -1` would otherwise be read as an option named `-1` ("ambiguous"); joined, it gets the plain
 * range message like any other wrong number. */
function negativeTimeoutJoined(argv: string[]): string[] {
	const joined: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const value = argv[index + 1];
		if (argv[index] === '--timeout' && value !== undefined && /^-[\d.]/.test(value)) {
			joined.push(`--timeout=${value}`);
			index++;
		} else joined.push(argv[index]!);
	}
	return joined;
}

/** The shortest limit that still lets a loopback answer arrive; below it every step would fail at once. */
const minimumTimeoutSeconds = 0.1;
const maximumTimeoutSeconds = 600;

function parseTimeout(text: string | undefined): number {
	if (text === undefined) return 10_000;
	const seconds = text.trim() === '' ? Number.NaN : Number(text);
	if (!Number.isFinite(seconds) || seconds < minimumTimeoutSeconds || seconds > maximumTimeoutSeconds) {
		throw new UsageError(`--timeout takes a number of seconds from ${minimumTimeoutSeconds} to ${maximumTimeoutSeconds}, not "${text}"`);
	}
	return Math.round(seconds * 1000);
}

/** The TUI runs only for a person at a terminal: never in CI, in a git hook (lefthook's pty looks like a terminal),
 * for --json or --plain, or when piped. */
export function isInteractive(options: CliOptions): boolean {
	if (options.json || options.plain) return false;
	// isatty(0), not process.stdin.isTTY: making process.stdin opens a stream on a file or /dev/null (a hook's, a
	// CI job's), which loads Node's file streams and fs/promises, only to ask this.
	if (!isatty(0) || process.stdout.isTTY !== true) return false;
	return ciRunner(process.env) === undefined && hookRunner(process.env) === undefined;
}

/** go env, curl --version (which .netrc git reads, and how: only asked when that can differ) and, for a JSON
 * document, git --version run while the checks load (system/early-commands.ts); a step takes the answer when it asks
 * the very same question. */
export function startCommonCommands(command: CliOptions, repositoryMode: boolean): void {
	const env = {...process.env};
	startEarly(nodeExec, [
		goEnvQuery(env, goDirectory(command.dir), goAskTimeoutMs(command.timeoutMs)),
		...(curlReleaseMatters(env, currentPlatform(), existsSync) ? [curlVersionQuery(env)] : []),
		...(command.json && !repositoryMode ? [gitVersionQuery(env)] : []),
	]);
}

/** Repository mode: several MODULEs, --dir, or no MODULE outside a terminal. */
export function isRepositoryMode(command: CliOptions): boolean {
	return command.modules.length > 0 || command.dir !== undefined || (command.module === undefined && !isInteractive(command));
}

/** For the entry: the commands this command line's run will ask, started now; nothing for explain, --help, --version
 * or a command line the CLI will refuse (it says why). */
export function startCommandsFor(argv: string[]): void {
	if (argv[0] === 'explain') return;
	let command;
	try {
		command = parseCommandLine(argv);
	} catch {
		return;
	}
	if (command !== 'help' && command !== 'version') startCommonCommands(command, isRepositoryMode(command));
}
