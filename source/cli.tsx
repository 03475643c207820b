#!/usr/bin/env node
// Parse the arguments, pick the renderer, map the result to an exit status; nothing else.
import {parseArgs} from 'node:util';
import {exitStatus, type CliOptions} from './options.js';
import {shownText} from './output/terminal-text.js';
import {ciRunner, hookRunner} from './rules/run-environment.js';
import {curlVersionQuery, gitVersionQuery, goAskTimeoutMs, goEnvQuery, startEarly, stopUntakenEarly} from './system/early-commands.js';
import {goDirectory} from './system/go-directory.js';
import {nodeExec} from './system/node-system.js';
import {toolName, toolVersion} from './version.js';

const helpText = `Usage: ${toolName} [MODULE[@VERSION]...] [options]
       ${toolName} explain [FILE | - | TEXT…] [--json]

Replays each step \`go get MODULE\` takes against a GitLab instance, with your own
settings, and explains every step that would fail, with the exact fix.

  MODULE            a module or package import path, e.g. gitlab.example.com/group/sub/project/pkg
                    (MODULE@VERSION as go get takes it; several MODULEs are checked together)
  (no MODULE)       outside a terminal: check every module the Go module or workspace in the
                    current directory requires (found as go finds go.mod / go.work, honouring GOWORK)

Options:
  --json            one JSON document on stdout, nothing else on stdout
  --plain           plain text even on a terminal (no interactive view)
  --dir DIR         check the Go module or workspace in DIR (repository mode)
  --quiet           repository mode: print nothing when nothing fails, else only what fails
  --offline         local checks only: no network, no subprocess that touches the network
  --timeout SEC     limit for each network operation, 0.1 to 600 (default 10)
  --verbose         evidence of passing checks too
  --geo-secondary HOST
                    check git through this GitLab Geo secondary too
  --report FILE     also write a redacted Markdown report for a support ticket to FILE
  --no-confirm      do not run the real go at the end (go-confirm): a quicker run
  --version         print the version
  --help            print this help

\`explain\` reads a pasted go/git error or CI log and names each failure, the check
that confirms it and the fixes (\`${toolName} explain --help\`).

In a terminal (stdin and stdout both terminals, CI unset, not inside a git hook) an
interactive view runs; without MODULE it asks for one. In CI (CI set) and in git hooks
(pre-commit, lefthook, husky, a plain .git/hooks script) output is always plain.

Exit status: 0 no check failed (warnings allowed) · 1 a check failed · 2 usage error,
unreadable input or a crash · 3 cannot check now: the host cannot be reached (DNS,
refused, timeout, proxy down) and nothing else failed.`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]): CliOptions | 'help' | 'version' {
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
function isInteractive(options: CliOptions): boolean {
	if (options.json || options.plain) return false;
	if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) return false;
	return ciRunner(process.env) === undefined && hookRunner(process.env) === undefined;
}

/** go env, curl --version (the netrc dialect) and, for a JSON document, git --version run while the checks load
 * (system/early-commands.ts); a step takes the answer when it asks the very same question. */
function startCommonCommands(command: CliOptions, repositoryMode: boolean): void {
	const env = {...process.env};
	startEarly(nodeExec, [
		goEnvQuery(env, goDirectory(command.dir), goAskTimeoutMs(command.timeoutMs)),
		curlVersionQuery(env),
		...(command.json && !repositoryMode ? [gitVersionQuery(env)] : []),
	]);
}

async function main(argv: string[]): Promise<number> {
	// `explain` reads an error text instead of running the checks (a module path always has a dot: no clash).
	if (argv[0] === 'explain') {
		const {runExplain} = await import('./explain.js');
		return runExplain(argv.slice(1));
	}
	let command;
	try {
		command = parseCommandLine(argv);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(`${toolName}: ${shownText(error.message, 500)}\nRun '${toolName} --help' for usage.\n`);
		return exitStatus.usage;
	}
	if (command === 'help') {
		process.stdout.write(`${helpText}\n`);
		return exitStatus.ok;
	}
	if (command === 'version') {
		process.stdout.write(`${toolName} ${toolVersion}\n`);
		return exitStatus.ok;
	}
	// Loaded only now, so --version and --help stay as fast as bare node; Ink loads only for the TUI.
	const repositoryMode = command.modules.length > 0 || command.dir !== undefined || (command.module === undefined && !isInteractive(command));
	startCommonCommands(command, repositoryMode);
	if (repositoryMode) {
		const {runRepositoryHeadless} = await import('./repository-headless.js');
		return runRepositoryHeadless(command);
	}
	if (isInteractive(command)) {
		const {runInteractive} = await import('./interactive.js');
		return runInteractive(command);
	}
	if (command.module === undefined) {
		process.stderr.write(`${toolName}: missing MODULE, e.g. gitlab.example.com/group/project\nRun '${toolName} --help' for usage.\n`);
		return exitStatus.usage;
	}
	const {runHeadless} = await import('./headless.js');
	return runHeadless({...command, module: command.module});
}

watchOutput();
main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
		stopUntakenEarly();
		exitWhenWritten(code);
	},
	async (error: unknown) => {
		stopUntakenEarly();
		// No stack trace, and nothing secret: the same redaction as every other output.
		const {redactByShape} = await import('./engine/redact.js');
		const message = error instanceof Error ? error.message : String(error);
		process.stderr.write(`${toolName}: internal error: ${shownText(redactByShape(message), 500)}\n`);
		process.exitCode = exitStatus.usage;
		exitWhenWritten(exitStatus.usage);
	},
);

/** A closed pipe (`| head`) ends the run quietly, as it does for any Unix tool; a full disk or another write
 * error is said in one line, never as a stack trace. */
function watchOutput(): void {
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(process.exitCode ?? exitStatus.ok);
		const why = error.code === 'ENOSPC' ? 'no space left on the device' : shownText(error.message, 300);
		try {
			process.stderr.write(`${toolName}: cannot write the output: ${why}\n`);
		} catch {
			// stderr is gone too: the exit status says it.
		}
		process.exit(exitStatus.usage);
	});
	process.stderr.on('error', () => {});
}

/** Everything is printed: nothing left may keep the process alive (a socket a library did not close, a timer). */
function exitWhenWritten(code: number): void {
	const grace = setTimeout(() => process.exit(code), 2000);
	grace.unref();
}
