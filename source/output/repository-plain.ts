// Repository mode in plain text: one line per module (status, module, classification, the failing step's reason),
// the shared host lines, then the details and fixes of what warns or fails: a host's once, each module's under
// it, and a fix already shown is not repeated. --quiet prints nothing when nothing fails, else only the failures.
import type {Redactor} from '../engine/redact.js';
import type {CheckResult, Status} from '../engine/types.js';
import type {HostResult, ModuleResult, RepositoryResult} from '../repository/run.js';
import type {Paint} from './color.js';
import {renderCheckBody, renderCheckLine, type PlainOptions} from './plain.js';
import {statusStyles} from './status-style.js';
import {escapeControlsOneLine, shownValue} from './terminal-text.js';

export type RepositoryPlainOptions = PlainOptions & {quiet: boolean; title: string};

export function renderRepositoryPlain(unsafeResult: RepositoryResult, redactor: Redactor, options: RepositoryPlainOptions): string {
	// Text from outside (go.mod, server answers) is escaped before any colour is added: no control character reaches the terminal.
	// Masked before any wrapping (options.width): a secret with a space could otherwise be split over two lines.
	const result = redactor.redactValue(shownValue(unsafeResult));
	const {paint} = options;
	const failing = (status: Status) => status === 'fail';
	const shownModules = options.quiet ? result.modules.filter(module => failing(module.verdict)) : result.modules;
	const shownHosts = options.quiet ? result.hosts.filter(host => failing(host.verdict)) : result.hosts;
	const settingsFail = result.settings.filter(check => options.quiet ? failing(check.status) : check.status !== 'pass');
	const ownFails = (result.own ?? []).some(each => each.findings.some(finding => finding.status === 'fail'));
	if (options.quiet && shownModules.length === 0 && shownHosts.length === 0 && settingsFail.length === 0 && !ownFails) return '';

	const counts = {private: 0, unknown: 0, public: 0};
	for (const module of result.modules) counts[module.classification]++;
	const lines = [`${paint.bold('gitlab-go-check')} ${options.title}: ${result.modules.length} ${result.modules.length === 1 ? 'module' : 'modules'} (${counts.private} private, ${counts.unknown} unknown, ${counts.public} public)`, ''];
	const nameWidth = Math.min(60, Math.max(0, ...shownModules.map(module => label(module).length)));
	for (const module of shownModules) lines.push(moduleLine(module, nameWidth, paint));
	const ownShown = (result.own ?? []).map(each => ({...each, findings: each.findings.filter(finding => !options.quiet || finding.status === 'fail')})).filter(each => each.findings.length > 0);
	if (ownShown.length > 0) {
		lines.push('', 'This repository, as its consumers fetch it:');
		for (const own of ownShown) {
			for (const finding of own.findings) {
				lines.push(`${badge(finding.status, paint)}  ${own.module}  ${finding.title}: ${finding.summary}`);
				if (finding.status !== 'pass' || options.verbose) for (const detail of finding.details) lines.push(`      ${detail}`);
			}
		}
	}
	if (shownHosts.length > 0) {
		lines.push('', 'Hosts (checked once, shared by their modules):');
		const hostWidth = Math.max(...shownHosts.map(host => host.host.length));
		for (const host of shownHosts) lines.push(hostLine(host, hostWidth, paint));
	}

	const explained = new Set<string>();
	// A module that fails a check for the very reason an earlier module on its host did: the line, not the why again
	// (fifty modules behind one missing credential would otherwise repeat it fifty times).
	const firstWith = new Map<string, string>();
	const details: string[] = [];
	const explain = (heading: string, checks: CheckResult[], host?: string) => {
		const relevant = checks.filter(check => check.status === 'fail' || check.status === 'warn' || (options.verbose && check.status !== 'skip'));
		if (relevant.length === 0) return;
		details.push('', paint.bold(heading));
		const width = Math.max(...relevant.map(check => check.title.length));
		for (const check of relevant) {
			details.push(renderCheckLine(check, width, paint, options.width));
			const alike = host !== undefined && check.reason !== undefined && !options.verbose ? `${host}\n${check.id}\n${check.reason}` : undefined;
			const earlier = alike === undefined ? undefined : firstWith.get(alike);
			if (earlier !== undefined) {
				details.push(`      the same as for ${earlier} above`);
				continue;
			}
			if (alike !== undefined) firstWith.set(alike, heading);
			// Each fix once: the same fix for another module of the host is named, not repeated.
			const fresh = check.fixes.filter(fix => !explained.has(fixKey(fix)));
			for (const fix of check.fixes) explained.add(fixKey(fix));
			// A warning gets its fixes; its why and evidence only with --verbose (a repository has many of them).
			const brief = check.status === 'warn' && !options.verbose ? {details: [], evidence: {}} : {};
			details.push(...renderCheckBody({...check, ...brief, fixes: fresh}, options));
			if (fresh.length < check.fixes.length) details.push(`      Fix: as above (${check.fixes.length - fresh.length === 1 ? 'the same fix' : 'the same fixes'})`);
		}
	};
	explain('Go settings', settingsFail.length > 0 ? settingsFail : []);
	for (const host of shownHosts) explain(`${host.host} (shared by ${host.modules} ${host.modules === 1 ? 'module' : 'modules'})`, host.checks);
	for (const module of shownModules) {
		explain(label(module), module.checks, module.host);
		// git-access says it when it ran; the line stays for a result without that check's failure.
		if (module.versionProblem && !module.checks.some(check => check.status === 'fail' && check.summary === module.versionProblem)) details.push('', paint.bold(label(module)), `${badge('fail', paint)}  Required version   ${module.versionProblem}`);
	}
	lines.push(...details, '', verdictLine(result));
	return redactor.redact(`${lines.join('\n')}\n`);
}

function label(module: ModuleResult): string {
	return module.version ? `${module.module} ${module.version}` : module.module;
}

function badge(status: Status, paint: Paint): string {
	const style = statusStyles[status];
	return paint.color(style.color, `${style.glyph} ${style.label.padEnd(4)}`);
}

function moduleLine(module: ModuleResult, width: number, paint: Paint): string {
	const worst = module.checks.find(check => check.status === 'fail') ?? module.checks.find(check => check.status === 'warn');
	const why = module.versionProblem ?? (worst ? `${worst.title}: ${worst.summary}` : '');
	const what = worst || module.versionProblem ? module.classification : `${module.classification}: ${module.reason}`;
	return `${badge(module.verdict, paint)}  ${label(module).padEnd(width)}  ${escapeControlsOneLine(what)}${why ? ` · ${escapeControlsOneLine(why)}` : ''}`;
}

function hostLine(host: HostResult, width: number, paint: Paint): string {
	const worst = host.checks.find(check => check.status === 'fail') ?? host.checks.find(check => check.status === 'warn');
	const ran = host.checks.filter(check => check.status !== 'skip').map(check => check.title).join(', ');
	return `${badge(host.verdict, paint)}  ${host.host.padEnd(width)}  ${escapeControlsOneLine(worst ? `${worst.title}: ${worst.summary}` : ran)}`;
}

function fixKey(fix: {title: string; commands: string[]}): string {
	return fix.commands.length > 0 ? fix.commands.join('\n') : fix.title;
}

function verdictLine(result: RepositoryResult): string {
	const failed = result.modules.filter(module => module.verdict === 'fail').length;
	const warned = result.modules.filter(module => module.verdict === 'warn').length;
	switch (result.verdict) {
		case 'pass':
			return `No problems found: go can fetch every module checked`;
		case 'warn':
			return `No failing step, but see the warnings (${warned} ${warned === 1 ? 'module' : 'modules'} with warnings)`;
		case 'fail':
			if (failed === 0) return `go get of this repository's own module will fail for its consumers: see above`;
			return `go will fail for ${failed} ${failed === 1 ? 'module' : 'modules'}: see the failing steps above`;
	}
}
