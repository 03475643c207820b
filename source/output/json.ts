// The JSON document of the contract (schemaVersion 2; every field of version 1 kept): one document, redacted, nothing
// else. Version 2 adds the run (tool, OS, Node.js, Go and git versions, the options), counts per status, facts as
// values with their source apart, and a stable `reason` on each failing or warning check.
import type {Redactor} from '../engine/redact.js';
import type {RunResult} from '../engine/types.js';
import {toolName, toolVersion} from '../version.js';
import {tally, type Stopped} from './status-style.js';
import {jsonEscapeControls, shownValue} from './terminal-text.js';

export const schemaVersion = 2;

/** What the JSON says about the run besides the results; the caller collects it (headless asks git its version). */
export type RunInfo = {
	os: {platform: string; release?: string; arch?: string};
	node: string;
	/** `git version 2.39.5`; null when git is not installed. */
	git: string | null;
	options: {offline: boolean; timeoutMs: number; confirm: boolean; verbose: boolean; geoSecondary?: string};
	/** The version asked for with MODULE@VERSION, if any. */
	version?: string;
};

export function toJsonDocument(result: RunResult, stopped?: Stopped, info?: RunInfo) {
	const goFacts = result.checks.find(check => check.id === 'go-env')?.facts?.go;
	const counts = tally(result.checks.map(check => check.status));
	return {
		schemaVersion,
		tool: {name: toolName, version: toolVersion},
		module: result.module,
		host: result.host,
		verdict: result.verdict,
		// Only when the run ended before every step finished (Ctrl-C, or the run's deadline).
		...(stopped ? {stopped} : {}),
		// From outside (the environment, go, git): escaped like every other field.
		run: shownValue({
			...(info ? {os: info.os, node: info.node} : {}),
			go: goFacts?.version ?? null,
			...(info ? {git: info.git, options: info.options} : {}),
			...(info?.version !== undefined ? {version: info.version} : {}),
		}),
		counts: {pass: counts.pass, warn: counts.warn, fail: counts.fail, skip: counts.skip},
		facts: shownValue({
			go: goFacts ? {version: goFacts.version, envFile: goFacts.envFile, settings: goFacts.settings.map(({key, value, source}) => ({key, value, source}))} : null,
		}),
		checks: result.checks.map(check => ({
			id: check.id,
			title: check.title,
			status: check.status,
			...(check.status === 'fail' || check.status === 'warn' ? {reason: check.reason ?? `${check.id}-${check.status}`} : {}),
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
			...(check.concerns ? {concerns: check.concerns} : {}),
			durationMs: check.durationMs,
		})),
	};
}

export function renderJson(result: RunResult, redactor: Redactor, stopped?: Stopped, info?: RunInfo): string {
	// JSON.stringify escapes C0 controls itself; DEL, C1 controls and bidi overrides it leaves raw, so they are
	// written as \u escapes too: the same document once parsed, and nothing a terminal acts on when it is shown.
	return `${jsonEscapeControls(JSON.stringify(redactor.redactValue(toJsonDocument(result, stopped, info)), null, 2))}\n`;
}
