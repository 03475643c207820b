// Repository mode without a TUI: several modules, or the modules of a Go module or workspace, checked as one run;
// plain text or JSON on stdout, progress on stderr. Never loads Ink.
import {relative} from 'node:path';
import {exitStatus, type CliOptions} from './options.js';
import {checksWith} from './checks/index.js';
import {Redactor} from './engine/redact.js';
import {runDeadlineMs, startRunDeadline} from './engine/run-deadline.js';
import {shownText} from './output/terminal-text.js';
import {colorEnabled, createPaint} from './output/color.js';
import {renderRepositoryJson} from './output/repository-json.js';
import {logWidth} from './output/plain.js';
import {renderRepositoryPlain} from './output/repository-plain.js';
import {reportTargetProblem, writeReportFile} from './output/report-file.js';
import {renderRepositoryMarkdown} from './output/repository-markdown.js';
import {discoverRepository, type Repository} from './repository/discover.js';
import {checkOwnModules} from './repository/own-checks.js';
import {runRepository, type RepositoryResult} from './repository/run.js';
import {verdictOf} from './engine/diagnose.js';
import {checkImportPath} from './rules/module-path.js';
import {splitModuleVersion, type RequiredModule} from './rules/repository-modules.js';
import {ciRunner} from './rules/run-environment.js';
import {createNodeSystem} from './system/node-system.js';
import {toolName} from './version.js';

export type RepositoryOptions = Omit<CliOptions, 'module'> & {modules: string[]; dir: string | undefined; quiet: boolean};

export async function runRepositoryHeadless(options: RepositoryOptions): Promise<number> {
	const system = createNodeSystem(undefined, {warmHttp: !options.offline});
	let repository: Repository | undefined;
	let targets: RequiredModule[];
	if (options.modules.length > 0) {
		targets = [];
		for (const argument of options.modules) {
			const {path, version} = splitModuleVersion(argument);
			const problem = checkImportPath(path);
			if (problem) {
				process.stderr.write(`${toolName}: ${shownText(argument, 300)} is not a module path: ${shownText(problem, 600)}\n`);
				return exitStatus.usage;
			}
			targets.push({path, version, source: 'argument', file: '(command line)'});
		}
	} else {
		const found = await discoverRepository(system, options.dir ?? process.cwd());
		if ('error' in found) {
			process.stderr.write(`${toolName}: missing MODULE, and ${shownText(found.error, 600)}\nGive a MODULE, or run inside a Go module or workspace (or --dir DIR). Run '${toolName} --help' for usage.\n`);
			return exitStatus.usage;
		}
		repository = found;
		// go.mod is foreign text: a path Go would reject is said (quoted, so no control character reaches the
		// terminal) and left out, never checked.
		targets = found.modules.filter(module => {
			const problem = checkImportPath(module.path);
			if (problem) process.stderr.write(`${toolName}: ${displayPath(module.file)}:${module.line ?? 0}: ${JSON.stringify(module.path)} is not a module path Go accepts (${shownText(problem, 600)}); not checked\n`);
			return !problem;
		});
		for (const note of found.notes) process.stderr.write(`${toolName}: ${shownText(note, 600)}\n`);
	}
	const reportProblem = options.reportFile === undefined ? undefined : await reportTargetProblem(options.reportFile);
	if (reportProblem) {
		process.stderr.write(`${toolName}: cannot write the report to ${shownText(options.reportFile!, 300)}: ${reportProblem}\n`);
		return exitStatus.usage;
	}
	const redactor = new Redactor();
	const controller = new AbortController();
	const onInterrupt = () => controller.abort(new Error('interrupted'));
	process.once('SIGINT', onInterrupt);
	const stopDeadline = startRunDeadline(controller, runDeadlineMs(options));
	const ci = ciRunner(system.env) !== undefined;
	try {
		const result: RepositoryResult = await runRepository({
			checks: checksWith(options),
			modules: targets,
			options: {offline: options.offline, timeoutMs: options.timeoutMs, verbose: options.verbose, geoSecondary: options.geoSecondary, ...(repository ? {goModFile: repository.file} : {})},
			context: {system, secrets: redactor},
			signal: controller.signal,
			// In CI one line per finished step; on a terminal nothing but the result.
			onEvent: ci && !options.quiet ? event => {
				if (event.type === 'finished') process.stderr.write(`${toolName}: ${event.result.status} ${event.result.id}${event.result.subject ? ` ${event.result.subject}` : ''} (${event.result.durationMs} ms)\n`);
			} : undefined,
		});
		if (repository) {
			const own = await checkOwnModules(system, repository.own);
			result.own = own.map(each => ({module: each.module, findings: each.findings}));
			result.verdict = verdictOf([result.verdict, ...own.flatMap(each => each.findings.map(finding => finding.status))]);
		}
		const where = repository ? `${repository.kind === 'workspace' ? 'workspace' : 'module'} ${displayPath(repository.file)}` : 'modules';
		const summary = repository ? {kind: repository.kind, file: repository.file, own: repository.own.map(each => each.path)} : undefined;
		if (options.json) process.stdout.write(renderRepositoryJson(result, redactor, summary));
		else {
			const paint = createPaint(colorEnabled(system.env, process.stdout.isTTY === true));
			// A CI log or a file gets lines that wrap well; a terminal wraps by itself.
			const width = ciRunner(system.env) || process.stdout.isTTY !== true ? logWidth : undefined;
			process.stdout.write(renderRepositoryPlain(result, redactor, {verbose: options.verbose, paint, quiet: options.quiet, title: where, width}));
		}
		if (controller.signal.aborted) return exitStatus.interrupted;
		if (options.reportFile !== undefined) {
			const written = await writeReportFile(options.reportFile, renderRepositoryMarkdown(result, redactor, where));
			if ('problem' in written) {
				process.stderr.write(`${toolName}: cannot write the report to ${shownText(options.reportFile!, 300)}: ${written.problem}\n`);
				return exitStatus.usage;
			}
			process.stderr.write(`${toolName}: report written to ${shownText(written.path, 300)} (mode 600; secrets masked, but read it before you share it)\n`);
		}
		if (result.verdict === 'fail' && onlyUnreachableHosts(result)) return exitStatus.unreachable;
		return result.verdict === 'fail' ? exitStatus.checkFailed : exitStatus.ok;
	} finally {
		stopDeadline();
		process.removeListener('SIGINT', onInterrupt);
	}
}

/** Exit 3 when every failure is a host that cannot be reached now (README, Exit status). */
function onlyUnreachableHosts(result: RepositoryResult): boolean {
	const failed = [...result.settings, ...result.hosts.flatMap(host => host.checks), ...result.modules.flatMap(module => module.checks)].filter(check => check.status === 'fail');
	const down = result.hosts.some(host => host.checks.some(check => check.id === 'https' && check.evidence['unreachable'] === true));
	return down && !result.modules.some(module => module.versionProblem) && !(result.own ?? []).some(each => each.findings.some(finding => finding.status === 'fail')) && failed.every(check => check.evidence['unreachable'] === true);
}

function displayPath(path: string): string {
	const shown = relative(process.cwd(), path);
	return shownText(shown.startsWith('..') ? path : shown || path, 300);
}
