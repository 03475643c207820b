// Parse the arguments, pick the renderer, map the result to an exit status; nothing else.
// The command's entry (entry.ts) runs it as a script with V8's code cache (cached-script.ts): everything here is
// bundled into that script except the TUI, an ES module of its own that only the entry can import.
import {isInteractive, isRepositoryMode, parseCommandLine, startCommonCommands, UsageError} from './command-line.js';
import {exitStatus} from './options.js';
import {shownText} from './output/terminal-text.js';
import {stopUntakenEarly} from './system/early-commands.js';
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

/** What the entry gives the CLI: the TUI's loader (Ink's layout engine awaits its WebAssembly at the top level, so
 * the TUI stays an ES module, and a script run with a code cache cannot import one). */
export type CliHost = {
	loadInteractive(): Promise<typeof import('./interactive.js')>;
	/** The command itself (entry.ts): the process ends once the output is written. A training run of the code cache
	 * (scripts/code-cache.ts) runs several command lines in one process and leaves this out. */
	endsProcess?: boolean;
};

async function main(argv: string[], host: CliHost): Promise<number> {
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
	const repositoryMode = isRepositoryMode(command);
	startCommonCommands(command, repositoryMode);
	if (repositoryMode) {
		const {runRepositoryHeadless} = await import('./repository-headless.js');
		return runRepositoryHeadless(command);
	}
	if (isInteractive(command)) {
		const {runInteractive} = await host.loadInteractive();
		return runInteractive(command);
	}
	if (command.module === undefined) {
		process.stderr.write(`${toolName}: missing MODULE, e.g. gitlab.example.com/group/project\nRun '${toolName} --help' for usage.\n`);
		return exitStatus.usage;
	}
	const {runHeadless} = await import('./headless.js');
	return runHeadless({...command, module: command.module});
}

/** Runs one command line; its exit status is left in process.exitCode. */
export async function runCli(argv: string[], host: CliHost): Promise<void> {
	watchOutput();
	let code: number;
	try {
		code = await main(argv, host);
		stopUntakenEarly();
	} catch (error: unknown) {
		stopUntakenEarly();
		// No stack trace, and nothing secret: the same redaction as every other output.
		const {redactByShape} = await import('./engine/redact.js');
		const message = error instanceof Error ? error.message : String(error);
		process.stderr.write(`${toolName}: internal error: ${shownText(redactByShape(message), 500)}\n`);
		code = exitStatus.usage;
	}
	process.exitCode = code;
	if (host.endsProcess) exitWhenFlushed(code);
	exitWhenWritten(code);
}

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

/** Ends the process once stdout and stderr have taken everything written to them (a write's callback runs after the
 * writes before it): an explicit exit skips tearing the whole heap down first, which a natural end does (~5 ms after a
 * repository run). A stdout that failed (closed pipe, full disk) is watchOutput's to end. */
function exitWhenFlushed(code: number): void {
	process.stdout.write('', error => {
		if (!error) process.stderr.write('', () => process.exit(code));
	});
}

/** Everything is printed: nothing left may keep the process alive (a socket a library did not close, a timer). */
function exitWhenWritten(code: number): void {
	const grace = setTimeout(() => process.exit(code), 2000);
	grace.unref();
}
