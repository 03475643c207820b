// The support report, one function for both ways it is written: `--report FILE` after a headless run and the `s`
// key (or --report) in the interactive view. Both say how the tool was run and which of its checks did not run.
import {allChecks} from './checks/index.js';
import type {Redactor} from './engine/redact.js';
import type {RunResult} from './engine/types.js';
import {collectReportFacts, renderMarkdownReport, type RunInvocation} from './output/markdown.js';
import type {CliOptions} from './options.js';
import type {System} from './system/types.js';

/** The options the report names; `json` only where it applies (a headless run). */
export type ReportOptions = Pick<CliOptions, 'offline' | 'timeoutMs' | 'confirm' | 'verbose' | 'geoSecondary'> & {json?: boolean};

/** The redacted Markdown report of a finished run: `args` are the command-line arguments it was started with. */
export async function supportReport(system: System, result: RunResult, redactor: Redactor, options: ReportOptions, args: readonly string[]): Promise<string> {
	const run = {invocation: invocationOf(options, args), notRun: notRunOf(result.checks.map(check => check.id), options)};
	return renderMarkdownReport(result, redactor, await collectReportFacts(system, result, undefined, run));
}

/** The arguments and the options in effect, for the report (redacted there like everything else). */
function invocationOf(options: ReportOptions, args: readonly string[]): RunInvocation {
	return {
		args: [...args],
		options: {
			offline: options.offline,
			timeout: `${options.timeoutMs / 1000} s`,
			confirm: options.confirm,
			verbose: options.verbose,
			...(options.json !== undefined ? {json: options.json} : {}),
			...(options.geoSecondary ? {'geo-secondary': options.geoSecondary} : {}),
		},
	};
}

/** The checks of the tool this run left out, and why: an offline report must not read as a full one. */
function notRunOf(ran: readonly string[], options: ReportOptions) {
	return allChecks
		.filter(check => !ran.includes(check.id))
		.map(check => ({
			id: check.id,
			title: check.title,
			why:
				check.id === 'go-confirm' && !options.confirm
					? '--no-confirm'
					: options.offline && !check.local
						? '--offline runs the local checks only (no network, no subprocess that touches it)'
						: 'not part of this run',
		}));
}
