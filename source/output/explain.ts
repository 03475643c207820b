// What `gitlab-go-check explain` prints: for each failure found in the pasted text, the module, host and URL, the
// cause, the check that confirms it and the command that runs it, and the fixes (each fix once); or, for text it does
// not recognise, the lines that look like errors. Everything passes the redactor first. Never imports Ink.
import type {Redactor} from '../engine/redact.js';
import type {Fix} from '../engine/types.js';
import {commandLine} from '../fixes/command.js';
import type {Diagnosis} from '../rules/go-git-errors.js';
import {toolName, toolVersion} from '../version.js';
import type {Paint} from './color.js';

export const explainSchemaVersion = 1;

/** The command that runs the checks that confirm a diagnosis (the module as go printed it, quoted for a shell). */
export function confirmCommand(diagnosis: Pick<Diagnosis, 'module' | 'host' | 'url'>): string {
	const module = diagnosis.module ?? repositoryModule(diagnosis.url) ?? (diagnosis.host ? `${diagnosis.host}/GROUP/PROJECT` : 'MODULE');
	return commandLine(toolName, [module]);
}

/** git's remote URL https://host/group/project.git → host/group/project: the module path a GitLab project has. */
function repositoryModule(url: string | undefined): string | undefined {
	if (!url) return undefined;
	try {
		const parsed = new URL(url);
		const path = parsed.pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
		return /^https?:$/.test(parsed.protocol) && path.split('/').length >= 2 && !path.includes('?') && !/[@?]|\/-\//.test(path) ? `${parsed.host}/${path}` : undefined;
	} catch {
		return undefined;
	}
}

function fixKey(fix: Fix): string {
	return JSON.stringify([fix.title, fix.commands, fix.link ?? '']);
}

export type ExplainDocument = {
	schemaVersion: number;
	tool: {name: string; version: string};
	recognised: boolean;
	failures: Array<{
		reason: string;
		cause: string;
		check: string;
		alsoChecks: string[];
		module: string | null;
		version: string | null;
		host: string | null;
		url: string | null;
		confirm: string;
		fixes: Array<{title: string; commands: string[]; link?: string}>;
		lines: string[];
	}>;
	/** When nothing was recognised: the lines that look like errors. */
	errorLines: string[];
};

export function explainDocument(diagnoses: Diagnosis[], errorLines: string[], redactor: Redactor): ExplainDocument {
	return redactor.redactValue({
		schemaVersion: explainSchemaVersion,
		tool: {name: toolName, version: toolVersion},
		recognised: diagnoses.length > 0,
		failures: diagnoses.map(diagnosis => ({
			reason: diagnosis.reason,
			cause: diagnosis.cause,
			check: diagnosis.checks[0]!,
			alsoChecks: diagnosis.checks.slice(1),
			module: diagnosis.module ?? null,
			version: diagnosis.version ?? null,
			host: diagnosis.host ?? null,
			url: diagnosis.url ?? null,
			confirm: confirmCommand(diagnosis),
			fixes: diagnosis.fixes.map(fix => ({title: fix.title, commands: fix.commands, ...(fix.link ? {link: fix.link} : {})})),
			lines: diagnosis.lines,
		})),
		errorLines: diagnoses.length > 0 ? [] : errorLines,
	});
}

export function renderExplainPlain(diagnoses: Diagnosis[], errorLines: string[], redactor: Redactor, paint: Paint): string {
	const out: string[] = [];
	if (diagnoses.length === 0) {
		out.push(`${paint.bold(toolName)} explain: no go or git failure this tool knows is in the text.`);
		if (errorLines.length > 0) {
			out.push('', 'Lines that look like errors:');
			for (const line of errorLines) out.push(`  ${line}`);
		}
		out.push('', `Run the checks to find out what go get meets: ${commandLine(toolName, ['MODULE'])}`);
		return `${redactor.redact(out.join('\n'))}\n`;
	}
	out.push(`${paint.bold(toolName)} explain: ${diagnoses.length} ${diagnoses.length === 1 ? 'failure' : 'failures'} found`);
	const printed = new Set<string>();
	diagnoses.forEach((diagnosis, index) => {
		out.push('');
		const what = [diagnosis.module ? `${diagnosis.module}${diagnosis.version ? `@${diagnosis.version}` : ''}` : undefined, diagnosis.host && !diagnosis.module?.startsWith(diagnosis.host) ? `host ${diagnosis.host}` : undefined].filter(Boolean).join(', ');
		out.push(paint.bold(`${index + 1}. ${what || 'go/git'} (${diagnosis.reason})`));
		out.push(`   Cause:   ${diagnosis.cause}`);
		if (diagnosis.url) out.push(`   URL:     ${diagnosis.url}`);
		out.push(`   Check:   ${diagnosis.checks[0]}${diagnosis.checks.length > 1 ? ` (also consistent with: ${diagnosis.checks.slice(1).join(', ')})` : ''}`);
		out.push(`   Confirm: $ ${confirmCommand(diagnosis)}`);
		for (const fix of diagnosis.fixes) {
			const key = fixKey(fix);
			if (printed.has(key)) {
				out.push(`   Fix:     the same as above: ${fix.title.split(/[,(:]/)[0]!.trim()}`);
				continue;
			}
			printed.add(key);
			out.push(`   Fix:     ${fix.title}`);
			for (const command of fix.commands) out.push(`            $ ${command}`);
			if (fix.link) out.push(`            ${fix.link}`);
		}
		out.push(paint.dim('   From:'));
		for (const line of diagnosis.lines.slice(0, 6)) out.push(paint.dim(`     | ${line.replace(/\t/g, '    ')}`));
		if (diagnosis.lines.length > 6) out.push(paint.dim(`     | … ${diagnosis.lines.length - 6} more lines`));
	});
	return `${redactor.redact(out.join('\n'))}\n`;
}
