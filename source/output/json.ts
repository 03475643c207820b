// The JSON document of the contract (schemaVersion 1): one document, redacted, nothing else.
import type {Redactor} from '../engine/redact.js';
import type {RunResult} from '../engine/types.js';
import {toolName, toolVersion} from '../version.js';
import type {Stopped} from './status-style.js';
import {jsonEscapeControls} from './terminal-text.js';

export const schemaVersion = 1;

export function toJsonDocument(result: RunResult, stopped?: Stopped) {
	return {
		schemaVersion,
		tool: {name: toolName, version: toolVersion},
		module: result.module,
		host: result.host,
		verdict: result.verdict,
		// Only when the run ended before every step finished (Ctrl-C, or the run's deadline).
		...(stopped ? {stopped} : {}),
		checks: result.checks.map(check => ({
			id: check.id,
			title: check.title,
			status: check.status,
			summary: check.summary,
			details: check.details,
			evidence: check.evidence,
			fixes: check.fixes.map(fix => ({
				title: fix.title,
				commands: fix.commands,
				safe: fix.safe,
				...(fix.link ? {link: fix.link} : {}),
			})),
			blockedBy: check.blockedBy,
			durationMs: check.durationMs,
		})),
	};
}

export function renderJson(result: RunResult, redactor: Redactor, stopped?: Stopped): string {
	// JSON.stringify escapes C0 controls itself; DEL, C1 controls and bidi overrides it leaves raw, so they are
	// written as \u escapes too: the same document once parsed, and nothing a terminal acts on when it is shown.
	return `${jsonEscapeControls(JSON.stringify(redactor.redactValue(toJsonDocument(result, stopped)), null, 2))}\n`;
}
