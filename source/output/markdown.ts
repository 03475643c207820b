// The support report: one Markdown document to paste into a ticket. It holds what a helper needs (versions, Go's
// settings and where each comes from, the .netrc entries Go and git use, git's URL rewrites, every check with its
// why, evidence and fixes) and nothing they must not see: every string goes through the run's Redactor, and the
// home directory prints as `~`. Never imports Ink.
import type {Redactor} from '../engine/redact.js';
import type {CheckResult, Fix, GoSettingFact, RunResult} from '../engine/types.js';
import {statusStyles, tally} from './status-style.js';
import {escapeControls} from './terminal-text.js';

export {collectReportFacts, type GoSettingFact, type HostFacts, type NetrcFact, type ReportFacts, type RunInvocation} from './report-facts.js';
import type {ReportFacts} from './report-facts.js';

// ---------------------------------------------------------------------------------------------------------------
// Markdown

/** Inline code that shows `text` literally, whatever backticks it holds; line breaks become ⏎. */
function code(text: string): string {
	const flat = text.replace(/\r?\n/g, ' ⏎ ');
	if (flat === '') return '(empty)';
	const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map(match => match[0].length));
	const fence = '`'.repeat(longest + 1);
	const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
	return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block for several lines (commands, multi-line evidence). */
function block(lines: string[], language = ''): string[] {
	const longest = Math.max(0, ...lines.flatMap(line => [...line.matchAll(/`+/g)].map(match => match[0].length)));
	const fence = '`'.repeat(Math.max(3, longest + 1));
	return [`${fence}${language}`, ...lines, fence];
}

/** Text for a table cell or a list item: no line breaks, `|` escaped, Markdown and HTML shown literally. */
function plain(text: string): string {
	return text
		.replace(/\r?\n/g, ' ')
		.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

function cell(text: string): string {
	return plain(text) || ' ';
}

function cellCode(text: string): string {
	return code(text).replace(/\|/g, '\\|');
}

function statusBadge(status: CheckResult['status']): string {
	const style = statusStyles[status];
	return `${style.glyph} ${style.label}`;
}

function verdictLine(result: RunResult): string {
	switch (result.verdict) {
		case 'pass':
			return `pass: no problems found for ${code(result.module)}`;
		case 'warn':
			return 'warn: no failing step, but see the warnings';
		case 'fail':
			return `fail: ${code(`go get ${result.module}`)} will fail; see the failing steps`;
	}
}

function renderValue(value: unknown, indent: string): string[] {
	if (value === null || value === undefined) return [`${indent}(none)`];
	if (typeof value === 'string') {
		if (value.includes('\n')) return [...block(value.replace(/\r/g, '').split('\n')).map(line => `${indent}  ${line}`)];
		return [`${indent}${code(value)}`];
	}
	if (typeof value === 'number' || typeof value === 'boolean') return [`${indent}${code(String(value))}`];
	return [];
}

function renderEvidence(evidence: Record<string, unknown>, depth = 0): string[] {
	const indent = '  '.repeat(depth);
	const lines: string[] = [];
	for (const [key, value] of Object.entries(evidence)) {
		if (Array.isArray(value)) {
			lines.push(`${indent}- ${plain(key)}:`);
			for (const item of value) {
				if (item && typeof item === 'object') lines.push(`${indent}  -`, ...renderEvidence(item as Record<string, unknown>, depth + 2));
				else lines.push(...renderValue(item, `${indent}  - `));
			}
		} else if (value && typeof value === 'object') {
			lines.push(`${indent}- ${plain(key)}:`, ...renderEvidence(value as Record<string, unknown>, depth + 1));
		} else {
			const rendered = renderValue(value, '');
			if (rendered.length === 1) lines.push(`${indent}- ${plain(key)}: ${rendered[0]}`);
			else lines.push(`${indent}- ${plain(key)}:`, ...rendered.map(line => `${indent}${line}`));
		}
	}
	return lines;
}

function renderFix(fix: Fix): string[] {
	const lines = [`**Fix${fix.safe ? ' (the tool can apply it)' : ''}:** ${plain(fix.title)}`];
	if (fix.commands.length > 0) lines.push('', ...block(fix.commands, 'sh'));
	if (fix.link) lines.push('', `<${fix.link.replace(/[<>\s]/g, encodeURIComponent)}>`);
	return lines;
}

function renderCheck(check: CheckResult): string[] {
	const lines = [`### ${statusBadge(check.status)} · ${plain(check.title)} (${code(check.id)})`, '', plain(check.summary)];
	if (check.blockedBy.length > 0) lines.push('', `Blocked by: ${check.blockedBy.map(id => code(id)).join(', ')}`);
	if (check.details.length > 0) lines.push('', '**Why:**', '', ...check.details.map(detail => `- ${plain(detail)}`));
	const evidence = renderEvidence(check.evidence);
	if (evidence.length > 0) lines.push('', '**Evidence:**', '', ...evidence);
	for (const fix of check.fixes) lines.push('', ...renderFix(fix));
	lines.push('', `<sub>${check.durationMs} ms</sub>`);
	return lines;
}

function table(header: string[], rows: string[][]): string[] {
	return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map(row => `| ${row.join(' | ')} |`)];
}

function renderEnvironment(facts: ReportFacts, result?: RunResult): string[] {
	const gitlab = result?.checks.find(check => check.id === 'https')?.evidence['gitlabVersion'];
	const os = [facts.os.platform, facts.os.release, facts.os.arch ? `(${facts.os.arch})` : ''].filter(Boolean).join(' ');
	const rows: Array<[string, string]> = [
		[facts.tool.name, facts.tool.version],
		['OS', os],
		['Node.js', facts.node],
		['Go', facts.go ?? '(not checked)'],
		...(goToolchain(facts) ? [['GOTOOLCHAIN', goToolchain(facts)!] as [string, string]] : []),
		['git', facts.git ?? 'not installed'],
		['curl', facts.curl ?? 'not installed'],
		['GitLab', typeof gitlab === 'string' ? gitlab : gitlab !== undefined ? JSON.stringify(gitlab) : '(not known)'],
	];
	return ['## Environment', '', ...table(['', 'version'], rows.map(([name, value]) => [cell(name), cellCode(value)]))];
}

function goToolchain(facts: ReportFacts): string | undefined {
	const setting = facts.goSettings.find(item => item.key === 'GOTOOLCHAIN');
	return setting ? `${setting.value || '(empty)'} (${setting.source})` : undefined;
}

/** One paragraph a support engineer can paste back: what fails, the step that names it, and what the real go did. */
export function summaryParagraph(result: RunResult): string {
	const failing = result.checks.filter(check => check.status === 'fail' && check.id !== 'go-confirm');
	const confirm = result.checks.find(check => check.id === 'go-confirm');
	const goConfirmFailed = confirm?.status === 'fail';
	const explained = confirm?.evidence['explained'];
	const sentences: string[] = [];
	const goWorks = confirm?.status === 'pass' || confirm?.reason === 'go-disagrees-with-checks';
	if (failing.length > 0 && goWorks) {
		// go-confirm kept these failed as real risks (rules/risk-when-go-works.ts): go works today, and says why.
		const [first, ...rest] = failing;
		sentences.push(`${code(`go get ${result.module}`)} works on this machine today (the real go succeeds), but **${plain(first!.title)}** (${code(first!.id)}) stays failed as a real risk: ${plain(first!.summary)}.`);
		if (first!.fixes[0]) sentences.push(`Fix: ${plain(first!.fixes[0].title)}.`);
		if (rest.length > 0) sentences.push(`Also failing: ${rest.map(check => `**${plain(check.title)}** (${code(check.id)})`).join(', ')}.`);
		sentences.push(`Why go still works: see ${code('go-confirm')} below.`);
	} else if (failing.length > 0) {
		const [first, ...rest] = failing;
		sentences.push(`${code(`go get ${result.module}`)} fails on this machine. The failing step is **${plain(first!.title)}** (${code(first!.id)}): ${plain(first!.summary)}.`);
		if (first!.fixes[0]) sentences.push(`Fix: ${plain(first!.fixes[0].title)}.`);
		if (rest.length > 0) sentences.push(`Also failing: ${rest.map(check => `**${plain(check.title)}** (${code(check.id)})`).join(', ')}.`);
		if (goConfirmFailed) sentences.push(`The real go fails too${typeof explained === 'string' ? ` (${plain(explained)})` : ''}.`);
		else if (confirm?.status === 'warn') sentences.push(`But the real go succeeded here: see ${code('go-confirm')} below.`);
	} else if (goConfirmFailed) {
		sentences.push(`No step of the model fails, but the real go does: the failing step is **${plain(confirm!.title)}** (${code('go-confirm')}): ${plain(confirm!.summary)}. This is a case the tool missed; please file it with this report.`);
	} else if (confirm?.reason === 'go-disagrees-with-checks') {
		sentences.push(`${code(`go get ${result.module}`)} works on this machine: the real go succeeds, although the model said otherwise (${plain(confirm.summary)}). The steps that disagree are shown as warnings; please file the case with this report.`);
	} else if (result.verdict === 'warn') {
		const warned = result.checks.filter(check => check.status === 'warn');
		sentences.push(`No step fails: ${code(`go get ${result.module}`)} should work, but see the warnings: ${warned.map(check => `**${plain(check.title)}** (${code(check.id)})`).join(', ')}.`);
	} else {
		sentences.push(`No step fails: ${code(`go get ${result.module}`)} should work on this machine${confirm?.status === 'pass' ? `; the real go confirms it (${plain(confirm.summary)})` : ''}.`);
	}
	if (!confirm) sentences.push('The real go was not run (--offline or --no-confirm).');
	return sentences.join(' ');
}

function renderRealGo(result: RunResult): string[] {
	const confirm = result.checks.find(check => check.id === 'go-confirm');
	const lines = ['## The real go (`go-confirm`)', ''];
	if (!confirm) return [...lines, 'Not run in this run (--offline or --no-confirm).'];
	lines.push(`${statusBadge(confirm.status)}: ${plain(confirm.summary)}`);
	const asked = confirm.evidence['asked'];
	if (typeof asked === 'string') lines.push('', `Asked for: ${code(asked)}`);
	const command = confirm.evidence['command'];
	if (typeof command === 'string') lines.push('', `Ran: ${code(command)} (your settings, a throw-away module cache)`);
	const error = confirm.evidence['goError'];
	if (typeof error === 'string') lines.push('', 'go said:', '', ...block(error.split('\n')));
	const explained = confirm.evidence['explained'];
	if (typeof explained === 'string') lines.push('', `Explained: ${plain(explained)}`);
	return lines;
}

function renderInvocation(facts: ReportFacts): string[] {
	const lines = ['## How the tool was run', ''];
	if (facts.invocation) {
		lines.push(`Command: ${code([facts.tool.name, ...facts.invocation.args].join(' '))}`, '');
		lines.push(...table(['option', 'value'], Object.entries(facts.invocation.options).map(([key, value]) => [cell(key), cellCode(String(value))])));
	} else lines.push('Not recorded.');
	if (facts.notRun && facts.notRun.length > 0) {
		lines.push('', '**Checks that did not run:**', '', ...facts.notRun.map(item => `- ${plain(item.title)} (${code(item.id)}): ${plain(item.why)}`));
	}
	return lines;
}

function renderNetwork(facts: ReportFacts): string[] {
	const lines = ['## Proxy and CA settings', ''];
	const variables = facts.networkVariables ?? [];
	if (variables.length === 0) lines.push('No proxy or CA variable is set (HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE, GIT_SSL_CAINFO, CURL_CA_BUNDLE, …).');
	else lines.push(...table(['variable', 'value'], variables.map(item => [code(item.name), cellCode(item.value)])));
	lines.push('', '**git `http.*` settings:**', '');
	if (!facts.gitHttp) lines.push('Not known: git could not be asked.');
	else if (facts.gitHttp.length === 0) lines.push('None.');
	else lines.push(...table(['key', 'value', 'file'], facts.gitHttp.map(item => [code(item.key), cellCode(item.value), cellCode(item.origin)])));
	return lines;
}

function renderGoSettings(facts: ReportFacts): string[] {
	const lines = ['## Go settings', ''];
	if (facts.goEnvFile) lines.push(`go env file: ${code(facts.goEnvFile)}`, '');
	if (facts.goSettings.length === 0) return [...lines, 'Not known: the go-env check did not run.'];
	return [...lines, ...table(['setting', 'value', 'from'], facts.goSettings.map(setting => [code(setting.key), cellCode(setting.value), cell(setting.source)]))];
}

function renderNetrc(facts: ReportFacts, host: string): string[] {
	const lines = [`## .netrc (entries for ${code(host)})`, ''];
	if (facts.netrc.length === 0) return [...lines, 'Not known: the netrc check did not run.'];
	return [
		...lines,
		...table(['who', 'reads', `sends to ${plain(host)}`], facts.netrc.map(fact => [cell(fact.reader), fact.reads ? cellCode(fact.reads) : ' ', fact.sends ? cellCode(fact.sends) : ' '])),
	];
}

function renderInsteadOf(facts: ReportFacts): string[] {
	const lines = ['## git URL rewrites (`url.<base>.insteadOf`)', ''];
	const insteadOf = facts.insteadOf;
	if (!insteadOf) return [...lines, 'Not known: git could not be asked.'];
	if (insteadOf.problem) lines.push(`Problem: ${plain(insteadOf.problem)}`, '');
	if (insteadOf.rules.length === 0) return [...lines, 'None: git uses URLs as Go gives them.'];
	return [
		...lines,
		...table(['URLs starting with', 'become', 'scope', 'file'], insteadOf.rules.map(rule => [cellCode(rule.insteadOf), cellCode(rule.base), cell(rule.scope), cellCode(rule.origin)])),
	];
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `/home/alice/.netrc` → `~/.netrc` (and `C:\Users\alice\_netrc` → `~\_netrc`), only at a path boundary. */
export function shortenHome(text: string, home: string | undefined): string {
	if (!home || home.length < 2) return text;
	const trimmed = home.replace(/[\\/]+$/, '');
	if (trimmed === '') return text;
	const forms = new Set([trimmed, trimmed.replace(/\\/g, '/'), encodeURI(trimmed)]);
	let result = text;
	for (const form of [...forms].sort((a, b) => b.length - a.length)) {
		result = result.replace(new RegExp(`${escapeRegExp(form)}(?=$|[\\\\/\\s\`'"),:;|\\]])`, 'g'), '~');
	}
	return result;
}

export function renderMarkdownReport(result: RunResult, redactor: Redactor, facts: ReportFacts): string {
	const counts = tally(result.checks.map(check => check.status));
	const lines = [
		`# ${plain(facts.tool.name)} report`,
		'',
		`- Module: ${code(result.module)}`,
		`- Host: ${code(result.host)}`,
		`- Verdict: ${verdictLine(result)}`,
		`- Checks: ${counts.pass} passed, ${counts.warn} warned, ${counts.fail} failed, ${counts.skip} skipped`,
		...(facts.generatedAt ? [`- Made: ${facts.generatedAt} by ${plain(facts.tool.name)} ${plain(facts.tool.version)}`] : []),
		'',
		'> Secrets are masked (`glpat-****`) and the home directory is shown as `~`. Read it through before you share it.',
		'',
		summaryParagraph(result),
		'',
		'## Summary',
		'',
		...table(['status', 'check', 'summary'], result.checks.map(check => [statusBadge(check.status), `${cell(check.title)} (${code(check.id)})`, cell(check.summary)])),
		'',
		...renderRealGo(result),
		'',
		...renderEnvironment(facts, result),
		'',
		...renderInvocation(facts),
		'',
		...renderGoSettings(facts),
		'',
		...renderNetrc(facts, result.host),
		'',
		...renderInsteadOf(facts),
		'',
		...renderNetwork(facts),
		'',
		'## Checks',
	];
	for (const check of result.checks) lines.push('', ...renderCheck(check));
	const text = `${lines.join('\n')}\n`;
	// Redaction first (a secret might sit inside a home path), then the home directory.
	// The facts (settings, netrc, git config) come from outside: no control character is written as itself.
	return escapeControls(shortenHome(redactor.redact(text), facts.homeDir));
}
