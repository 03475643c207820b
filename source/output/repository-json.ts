// Repository mode's JSON document: schemaVersion 1, extended compatibly (README, JSON): `mode: "repository"`,
// the run's `verdict`, the run-wide `checks` (Go's settings), `hosts` with their shared checks, and `modules`,
// each with `module`, `version`, `classification` and its `reason`, `verdict` and its own `checks`.
import type {Redactor} from '../engine/redact.js';
import type {CheckResult} from '../engine/types.js';
import type {RepositoryResult} from '../repository/run.js';
import {toolName, toolVersion} from '../version.js';
import {schemaVersion, toJsonDocument} from './json.js';
import {jsonEscapeControls} from './terminal-text.js';

export function toRepositoryDocument(result: RepositoryResult, repository: {kind: string; file: string; own: string[]} | undefined) {
	const checks = (list: CheckResult[]) => toJsonDocument({module: '', host: '', verdict: 'pass', checks: list}).checks;
	return {
		schemaVersion,
		tool: {name: toolName, version: toolVersion},
		mode: 'repository',
		...(repository ? {repository} : {}),
		verdict: result.verdict,
		...(result.own ? {ownModules: result.own} : {}),
		checks: checks(result.settings),
		hosts: result.hosts.map(host => ({host: host.host, modules: host.modules, verdict: host.verdict, checks: checks(host.checks)})),
		modules: result.modules.map(module => ({
			module: module.module,
			...(module.version ? {version: module.version} : {}),
			source: module.source,
			host: module.host,
			classification: module.classification,
			reason: module.reason,
			verdict: module.verdict,
			...(module.versionProblem ? {versionProblem: module.versionProblem} : {}),
			checks: checks(module.checks),
		})),
	};
}

export function renderRepositoryJson(result: RepositoryResult, redactor: Redactor, repository?: {kind: string; file: string; own: string[]}): string {
	return `${jsonEscapeControls(JSON.stringify(redactor.redactValue(toRepositoryDocument(result, repository)), null, 2))}\n`;
}
