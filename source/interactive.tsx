// The interactive run: an Ink app on the same engine events the plain renderer uses. Only loaded
// when stdin and stdout are terminals and CI is unset (see cli.tsx); never for --json or a pipe.
import {resolve} from 'node:path';
import {exitStatus, type CliOptions} from './options.js';
import {checksWith} from './checks/index.js';
import {Redactor} from './engine/redact.js';
import {colorEnabled} from './output/color.js';
import {reportTargetProblem, writeReportFile} from './output/report-file.js';
import {createNodeSystem} from './system/node-system.js';
import {osc52Possible} from './ui/clipboard.js';
import {rawModeAvailable} from './ui/raw-mode.js';
import {Session} from './ui/session.js';
import type {SessionOptions} from './ui/session-options.js';
import {resourcesOfFix} from './ui/fix-rerun.js';
import type {OverviewRun} from './ui/overview-run.js';
import type {Redo} from './ui/overview-rerun.js';
import {hostOf} from './rules/module-path.js';
import type {System} from './system/types.js';
import {shownText} from './output/terminal-text.js';
import {toolName} from './version.js';

export async function runInteractive(options: CliOptions): Promise<number> {
	const system = createNodeSystem(undefined, {warmHttp: !options.offline});
	if (!rawModeAvailable(process.stdin)) {
		process.stderr.write(`${toolName}: this terminal cannot pass single key presses (no raw mode); showing the plain report instead.\n`);
		if (options.module === undefined) {
			process.stderr.write(`${toolName}: missing MODULE, e.g. gitlab.example.com/group/project\n`);
			return exitStatus.usage;
		}
		const {runHeadless} = await import('./headless.js');
		return runHeadless({...options, module: options.module});
	}

	// Inside a Go module or workspace without MODULE: the repository overview; Enter opens a module's step graph.
	// Coming back after a fix re-runs every module on that module's host (and the steps that read what the fix
	// changed, on every host); without a fix, the overview shows what it had (overview-rerun.ts).
	if (options.module === undefined && options.reportFile === undefined) {
		const {discoverRepository} = await import('./repository/discover.js');
		const repository = await discoverRepository(system, process.cwd());
		if (!('error' in repository) && repository.modules.length > 0) {
			const {runOverview} = await import('./ui/overview-run.js');
			process.env['NODE_ENV'] ??= 'production';
			// One redactor for every round: a reused step's text was registered in it.
			const redactor = new Redactor();
			let previous: OverviewRun | undefined;
			let redo: Redo = 'all';
			let selectedModule: string | undefined;
			for (;;) {
				const {choice, run} = await runOverview({
					repository,
					title: `${repository.kind} ${repository.file}`,
					system,
					redactor,
					ui: {color: colorEnabled(system.env, process.stdout.isTTY === true), redact: text => redactor.redact(text), now: () => system.now()},
					offline: options.offline,
					timeoutMs: options.timeoutMs,
					verbose: options.verbose,
					...(previous ? {previous} : {}),
					redo,
					...(selectedModule ? {selectedModule} : {}),
				});
				previous = run ?? previous;
				if (choice.kind === 'quit') {
					if (choice.interrupted || choice.verdict === undefined) return exitStatus.interrupted;
					return choice.verdict === 'fail' ? exitStatus.checkFailed : exitStatus.ok;
				}
				selectedModule = choice.module;
				const required = repository.modules.find(module => module.path === choice.module);
				const viewed = await runModuleView({...options, module: choice.module}, system, {module: choice.module, file: repository.file, ...(required?.version ? {version: required.version} : {})});
				// Ctrl-C in the module's step graph ends the program, as everywhere else.
				if (!viewed.session || viewed.session.interrupted) return viewed.status;
				const fixes = viewed.session.appliedFixes;
				redo = fixes.length > 0 ? {host: hostOf(choice.module), resources: fixes.flatMap(resourcesOfFix)} : previous ? 'nothing' : 'all';
			}
		}
	}
	return (await runModuleView(options, system)).status;
}

/** One module's step graph (or the prompt for one): the Ink app until the person quits. */
async function runModuleView(options: CliOptions, system: System, required?: SessionOptions['required']): Promise<{status: number; session?: Session}> {
	// --report: refuse an unwritable path before the run, as plain mode does.
	const reportProblem = options.reportFile === undefined ? undefined : await reportTargetProblem(options.reportFile);
	if (reportProblem) {
		process.stderr.write(`${toolName}: cannot write the report to ${shownText(options.reportFile!, 300)}: ${reportProblem}\n`);
		return {status: exitStatus.usage};
	}

	const redactor = new Redactor();
	const cwd = process.cwd();
	const session = new Session({
		checks: checksWith(options),
		system,
		redactor,
		offline: options.offline,
		timeoutMs: options.timeoutMs,
		verbose: options.verbose,
		geoSecondary: options.geoSecondary,
		reportFile: options.reportFile === undefined ? undefined : resolve(cwd, options.reportFile),
		cwd,
		...(required ? {required} : {}),
		// Loaded on first use: neither is on the way to the first frame.
		planFix: async (fix, context) => (await import('./fixes/index.js')).planFix(fix, context),
		renderReport: async result => {
			// The same report as --report after a headless run: the invocation and the checks that did not run included.
			const {supportReport} = await import('./support-report.js');
			return supportReport(system, result, redactor, options, process.argv.slice(2));
		},
		writeFile: writeFileAtomically,
		writeToTerminal: osc52Possible(system.env, process.stdout.isTTY === true) ? data => process.stdout.write(data) : undefined,
	});
	// The steps start now, while Ink and React load; a plain first frame shows at once.
	session.start(options.module);
	const placeholder = firstFrame(options.module === undefined ? undefined : redactor.redact(options.module), process.stdout.columns || 80);
	process.stdout.write(placeholder.text);

	// React's development build only slows a CLI down; the checks already hold their own copy of the environment.
	process.env['NODE_ENV'] ??= 'production';
	const {mount} = await import('./ui/mount.js');
	process.stdout.write(placeholder.erase);
	const app = mount(
		session,
		{color: colorEnabled(system.env, process.stdout.isTTY === true), redact: text => redactor.redact(text), now: () => system.now()},
		// Opened from the repository overview: leaving gives the screen back to it.
		{canApplyFixes: true, eraseOnLeave: required !== undefined},
	);
	const onSignal = () => {
		session.interrupt();
		app.unmount();
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		await app.waitUntilExit();
	} finally {
		process.removeListener('SIGINT', onSignal);
		process.removeListener('SIGTERM', onSignal);
	}
	// Let a stopped run settle (its subprocesses end) and a report finish writing, but not forever.
	await Promise.race([session.idle(), new Promise(done => setTimeout(done, 3000).unref())]);
	for (const line of session.exitReport()) process.stderr.write(`${toolName}: ${line}\n`);
	return {status: session.exitStatus(), session};
}

/** What shows before Ink has loaded: the tool and the module, on lines no wider than the terminal. */
function firstFrame(module: string | undefined, columns: number): {text: string; erase: string} {
	const lines = [`${toolName} ${module === undefined ? '' : shownText(module, 300)}`.trimEnd(), module ? 'starting the checks…' : 'starting…'].map(line =>
		line.length >= columns ? `${line.slice(0, Math.max(1, columns - 2))}…` : line,
	);
	return {text: `${lines.join('\n')}\n`, erase: `\u001B[${lines.length}A\r\u001B[J`};
}

/** Atomically, mode 600 (the report is about credentials), as plain mode writes it. */
async function writeFileAtomically(path: string, text: string): Promise<string> {
	const written = await writeReportFile(path, text);
	if ('problem' in written) throw new Error(written.problem);
	return written.path;
}
