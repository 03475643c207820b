// --report in repository mode: the whole repository in one Markdown file for a support ticket, redacted.
import type {Redactor} from '../engine/redact.js';
import type {CheckResult} from '../engine/types.js';
import type {RepositoryResult} from '../repository/run.js';
import {shownText, shownValue} from './terminal-text.js';
import {toolName, toolVersion} from '../version.js';

export function renderRepositoryMarkdown(unsafeResult: RepositoryResult, redactor: Redactor, title: string): string {
	const result = shownValue(unsafeResult);
	const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
	const lines = [`# ${toolName} ${toolVersion}: ${cell(shownText(title, 300))}`, '', `Verdict: **${result.verdict}**`, '', '| status | module | version | classification | why |', '|---|---|---|---|---|'];
	for (const module of result.modules) {
		lines.push(`| ${module.verdict} | \`${cell(module.module)}\` | ${cell(module.version ?? '')} | ${module.classification} | ${cell(module.reason)} |`);
	}
	const section = (heading: string, checks: CheckResult[]) => {
		if (checks.length === 0) return;
		lines.push('', `## ${cell(heading)}`, '');
		for (const check of checks) {
			lines.push(`- **${check.status}** ${cell(check.title)} (\`${check.id}\`): ${cell(check.summary)}`);
			for (const detail of check.details) lines.push(`  - ${cell(detail)}`);
			for (const fix of check.fixes) {
				lines.push(`  - Fix: ${cell(fix.title)}`);
				for (const command of fix.commands) lines.push(`    - \`${cell(command)}\``);
			}
		}
	};
	for (const own of result.own ?? []) {
		lines.push('', `## This repository's module \`${cell(own.module)}\``, '');
		for (const finding of own.findings) lines.push(`- **${finding.status}** ${cell(finding.title)}: ${cell(finding.summary)}`, ...finding.details.map(detail => `  - ${cell(detail)}`));
	}
	section("Go's settings", result.settings);
	for (const host of result.hosts) section(`Host ${host.host} (shared by ${host.modules} modules)`, host.checks);
	for (const module of result.modules) {
		section(`${module.module}${module.version ? ` ${module.version}` : ''}`, module.checks);
		if (module.versionProblem) lines.push(`- **fail** Required version: ${cell(module.versionProblem)}`);
	}
	return redactor.redact(`${lines.join('\n')}\n`);
}
