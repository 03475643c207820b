// The non-interactive run: plain text or JSON on stdout, progress on stderr. Never loads Ink.
import {exitStatus, exitStatusOfVerdict, type HeadlessOptions} from './options.js';
import {allChecks, checksWith} from './checks/index.js';
import {checksForMode, diagnose, onlyUnreachable} from './engine/diagnose.js';
import {readModuleInput} from './engine/module-input.js';
import {Redactor} from './engine/redact.js';
import {RunDeadlineReached, runDeadlineMs, startRunDeadline} from './engine/run-deadline.js';
import type {EngineEvent} from './engine/types.js';
import {colorEnabled, createPaint} from './output/color.js';
import {release as osRelease, arch as osArch} from 'node:os';
import {renderJson, type RunInfo} from './output/json.js';
import {renderMarkdownReport} from './output/markdown.js';
import {collectReportFacts} from './output/report-facts.js';
import {reportTargetProblem, writeReportFile} from './output/report-file.js';
import {renderPlain} from './output/plain.js';
import type {Stopped} from './output/status-style.js';
import {ciRunner} from './rules/run-environment.js';
import {createNodeSystem} from './system/node-system.js';
import {shownText} from './output/terminal-text.js';
import {toolName} from './version.js';

export async function runHeadless(options: HeadlessOptions): Promise<number> {
	const input = readModuleInput(options.module);
	if ('error' in input) {
		process.stderr.write(`${toolName}: ${input.error}\n${input.hint}\n`);
		return exitStatus.usage;
	}
	// --report: refuse an unwritable path before the run, not after it.
	const reportProblem = options.reportFile === undefined ? undefined : await reportTargetProblem(options.reportFile);
	if (reportProblem) {
		process.stderr.write(`${toolName}: cannot write the report to ${shownText(options.reportFile!, 300)}: ${reportProblem}\n`);
		return exitStatus.usage;
	}
	const system = createNodeSystem(undefined, {warmHttp: !options.offline});
	const redactor = new Redactor();
	const checks = checksForMode(checksWith(options), options.offline);
	const controller = new AbortController();
	const onInterrupt = () => controller.abort(new Error('interrupted'));
	process.once('SIGINT', onInterrupt);
	const stopDeadline = startRunDeadline(controller, runDeadlineMs(options));
	const progress = ciRunner(system.env) ? progressLog(checks.length) : progressLine(checks.length, process.stderr.isTTY === true);
	try {
		const {result} = await diagnose({
			checks,
			host: input.host,
			context: {
				options: {module: input.module, offline: options.offline, timeoutMs: options.timeoutMs, verbose: options.verbose, geoSecondary: options.geoSecondary},
				system,
				secrets: redactor,
			},
			signal: controller.signal,
			onEvent: progress.onEvent,
		});
		progress.clear();
		const stopped = stoppedBy(controller.signal);
		if (options.json) process.stdout.write(renderJson(result, redactor, stopped, await runInfoOf(system, options, input.module)));
		else {
			const paint = createPaint(colorEnabled(system.env, process.stdout.isTTY === true));
			process.stdout.write(renderPlain(result, redactor, {verbose: options.verbose, paint, stopped}));
		}
		if (stopped === 'interrupted') return exitStatus.interrupted;
		if (options.reportFile !== undefined) {
			const run = {invocation: invocationOf(options), notRun: notRunOf(checks.map(check => check.id), options)};
			const report = renderMarkdownReport(result, redactor, await collectReportFacts(system, result, undefined, run));
			const written = await writeReportFile(options.reportFile, report);
			if ('problem' in written) {
				process.stderr.write(`${toolName}: cannot write the report to ${shownText(options.reportFile!, 300)}: ${written.problem}\n`);
				return exitStatus.usage;
			}
			process.stderr.write(`${toolName}: report written to ${shownText(written.path, 300)} (mode 600; secrets masked, but read it before you share it)\n`);
		}
		if (onlyUnreachable(result)) return exitStatus.unreachable;
		return exitStatusOfVerdict(result.verdict);
	} finally {
		stopDeadline();
		process.removeListener('SIGINT', onInterrupt);
	}
}

/** In CI: one line per finished check on stderr, no control sequences, as a job log reads them. */
function progressLog(total: number) {
	let done = 0;
	return {
		onEvent(event: EngineEvent) {
			if (event.type !== 'finished') return;
			done++;
			process.stderr.write(`${toolName}: [${done}/${total}] ${event.result.status} ${event.result.id} (${event.result.durationMs} ms)\n`);
		},
		clear() {},
	};
}

/** The run's versions and options for the JSON document (git is asked its version; go's comes from go-env). */
async function runInfoOf(system: ReturnType<typeof createNodeSystem>, options: HeadlessOptions, module: string): Promise<RunInfo> {
	const git = await system.exec.run('git', ['--version'], {env: system.env, timeoutMs: 5000});
	const version = /@([^/@]+)$/.exec(options.module)?.[1];
	return {
		os: {platform: system.platform, release: osRelease(), arch: osArch()},
		node: process.version,
		git: git.code === 0 ? git.stdout.trim().split('\n')[0]! : null,
		options: {offline: options.offline, timeoutMs: options.timeoutMs, confirm: options.confirm && !options.offline, verbose: options.verbose, ...(options.geoSecondary ? {geoSecondary: options.geoSecondary} : {})},
		...(version !== undefined ? {version} : module.includes('@') ? {version: module.split('@').pop()!} : {}),
	};
}

/** The arguments and the options in effect, for the report (redacted there like everything else). */
function invocationOf(options: HeadlessOptions) {
	return {
		args: process.argv.slice(2),
		options: {
			offline: options.offline,
			timeout: `${options.timeoutMs / 1000} s`,
			confirm: options.confirm,
			verbose: options.verbose,
			json: options.json,
			...(options.geoSecondary ? {'geo-secondary': options.geoSecondary} : {}),
		},
	};
}

/** The checks of the tool this run left out, and why: an offline report must not read as a full one. */
function notRunOf(ran: readonly string[], options: HeadlessOptions) {
	return allChecks
		.filter(check => !ran.includes(check.id))
		.map(check => ({
			id: check.id,
			title: check.title,
			why: check.id === 'go-confirm' && !options.confirm ? '--no-confirm' : options.offline && !check.local ? '--offline runs the local checks only (no network, no subprocess that touches it)' : 'not part of this run',
		}));
}

function stoppedBy(signal: AbortSignal): Stopped | undefined {
	if (!signal.aborted) return undefined;
	return signal.reason instanceof RunDeadlineReached ? 'deadline' : 'interrupted';
}

/** A single self-overwriting progress line on a terminal's stderr; nothing at all otherwise. */
function progressLine(total: number, enabled: boolean) {
	let done = 0;
	const running = new Set<string>();
	const draw = () => {
		if (!enabled) return;
		const names = [...running].join(', ');
		process.stderr.write(`\r\u001B[2K[${done}/${total}] ${names ? `checking ${names}` : ''}`);
	};
	return {
		onEvent(event: EngineEvent) {
			if (event.type === 'started') running.add(event.id);
			else {
				running.delete(event.result.id);
				done++;
			}
			draw();
		},
		clear() {
			if (enabled) process.stderr.write('\r\u001B[2K');
		},
	};
}
