// The non-interactive run: plain text or JSON on stdout, progress on stderr. Never loads Ink.
import {exitStatus, exitStatusOfVerdict, type HeadlessOptions} from './options.js';
import {resolveTarget} from './engine/target.js';
import {checksWith} from './checks/index.js';
import {checksForMode, diagnose, onlyUnreachable} from './engine/diagnose.js';
import {readModuleInput} from './engine/module-input.js';
import {Redactor} from './engine/redact.js';
import {RunDeadlineReached, runDeadlineMs, startRunDeadline} from './engine/run-deadline.js';
import type {EngineEvent} from './engine/types.js';
import {release as osRelease, arch as osArch} from 'node:os';
import {renderJson, type RunInfo} from './output/json.js';
import type {Stopped} from './output/status-style.js';
import {ciRunner} from './rules/run-environment.js';
import {gitVersionQuery} from './system/early-commands.js';
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
	// The report's and plain text's modules load only when asked for: a JSON run does not pay for them.
	const reportProblem = options.reportFile === undefined ? undefined : await (await import('./output/report-file.js')).reportTargetProblem(options.reportFile);
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
				target: resolveTarget(input.module, options.version),
			},
			signal: controller.signal,
			onEvent: progress.onEvent,
		});
		progress.clear();
		const stopped = stoppedBy(controller.signal);
		if (options.json) process.stdout.write(renderJson(result, redactor, stopped, await runInfoOf(system, options, input.module)));
		else {
			const [{colorEnabled, createPaint}, {logWidth, renderPlain}] = await Promise.all([import('./output/color.js'), import('./output/plain.js')]);
			const paint = createPaint(colorEnabled(system.env, process.stdout.isTTY === true));
			// A CI log or a file gets lines that wrap well; a terminal wraps by itself.
			const width = ciRunner(system.env) || process.stdout.isTTY !== true ? logWidth : undefined;
			process.stdout.write(renderPlain(result, redactor, {verbose: options.verbose, paint, stopped, width}));
		}
		if (stopped === 'interrupted') return exitStatus.interrupted;
		if (options.reportFile !== undefined) {
			const [{supportReport}, {writeReportFile}] = await Promise.all([import('./support-report.js'), import('./output/report-file.js')]);
			const report = await supportReport(system, result, redactor, options, process.argv.slice(2));
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
	const query = gitVersionQuery(system.env);
	const git = await system.exec.run(query.command, query.args, query.options);
	const version = options.version ?? /@([^/@]+)$/.exec(options.module)?.[1];
	return {
		os: {platform: system.platform, release: osRelease(), arch: osArch()},
		node: process.version,
		git: git.code === 0 ? git.stdout.trim().split('\n')[0]! : null,
		options: {offline: options.offline, timeoutMs: options.timeoutMs, confirm: options.confirm && !options.offline, verbose: options.verbose, ...(options.geoSecondary ? {geoSecondary: options.geoSecondary} : {})},
		...(version !== undefined ? {version} : module.includes('@') ? {version: module.split('@').pop()!} : {}),
	};
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
