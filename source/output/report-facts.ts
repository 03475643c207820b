// The facts the support report needs beyond the result model: versions, Go's settings, the .netrc sides, git's URL
// rewrites and http.* settings (asked as Go runs git), the network variables, and how the tool was run. Gathering
// only; output/markdown.ts renders them.
import {release as osRelease, arch as osArch} from 'node:os';
import type {CheckResult, GoSettingFact, RunResult} from '../engine/types.js';
import {insteadOfRules, parseConfigZ, type InsteadOfRule} from '../rules/insteadof.js';
import type {System} from '../system/types.js';
import {toolName, toolVersion} from '../version.js';

export type {GoSettingFact} from '../engine/types.js';

/** One side of .netrc: the file Go (or git's libcurl) reads and what it sends for the module's host. */
export type NetrcFact = {reader: 'Go' | 'git (libcurl)'; reads?: string; sends?: string};

export type ReportFacts = {
	tool: {name: string; version: string};
	/** ISO 8601, UTC. */
	generatedAt?: string;
	os: {platform: string; release?: string; arch?: string};
	node: string;
	/** `go1.22.2`, 'not installed', or undefined when the run did not look (go-env did not run). */
	go?: string;
	goEnvFile?: string;
	goSettings: GoSettingFact[];
	/** `git version 2.39.5`; undefined when git is not installed. */
	git?: string;
	/** The first line of `curl --version`; undefined when curl is not installed. */
	curl?: string;
	netrc: NetrcFact[];
	/** git's url.<base>.insteadOf rules; undefined when git could not be asked. */
	insteadOf?: {rules: InsteadOfRule[]; problem?: string};
	/** Shortened to `~` wherever it appears. */
	homeDir?: string;
	/** How the tool was run: its arguments and the options in effect. */
	invocation?: RunInvocation;
	/** Checks of the tool that were not part of this run, and why (--offline, --no-confirm). */
	notRun?: Array<{id: string; title: string; why: string}>;
	/** Proxy and CA variables of the environment (values masked by the redactor on output). */
	networkVariables?: Array<{name: string; value: string}>;
	/** git's http.* settings, asked as Go runs git; undefined when git could not be asked. */
	gitHttp?: Array<{key: string; value: string; origin: string}>;
};

export type RunInvocation = {args: string[]; options: Record<string, string | number | boolean>};

/** The variables that decide how Go, git and curl reach the host and which CAs they trust. */
const networkVariableNames = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'GIT_SSL_CAINFO', 'GIT_SSL_CAPATH', 'GIT_SSL_NO_VERIFY', 'CURL_CA_BUNDLE', 'GIT_CURL_VERBOSE'];

/** What the machine running the tool is; a parameter so tests do not depend on the host. */
export type HostFacts = {release: string; arch: string; node: string; now: Date};

function defaultHost(): HostFacts {
	return {release: osRelease(), arch: osArch(), node: process.version, now: new Date()};
}

function evidenceOf(result: RunResult, id: CheckResult['id']): Record<string, unknown> | undefined {
	return result.checks.find(check => check.id === id)?.evidence;
}

function firstLine(text: string): string {
	return text.trim().split('\n')[0]?.trim() ?? '';
}

/** `git` run from an empty directory, as Go runs it: a repository's own config around the current directory does not count. */
async function gitFromEmptyDirectory(system: System, args: string[]) {
	const directory = await system.makeTempDir('ggc-report-').catch(() => undefined);
	try {
		return await system.exec.run('git', args, {env: system.env, timeoutMs: 5000, ...(directory ? {cwd: directory} : {})});
	} finally {
		if (directory) await system.removeDir(directory).catch(() => {});
	}
}

async function askGitInsteadOf(system: System): Promise<ReportFacts['insteadOf']> {
	const listed = await gitFromEmptyDirectory(system, ['config', '-z', '--show-scope', '--show-origin', '--get-regexp', '^url\\..*\\.insteadof$']);
	if (listed.startError) return undefined;
	// Exit status 1 with no output: no rule at all.
	if (listed.code === 1 && listed.stdout === '') return {rules: []};
	if (listed.code !== 0) return {rules: [], problem: `git config could not list the rules: ${firstLine(listed.stderr) || `exit status ${listed.code}`}`};
	const {rules, fatal} = insteadOfRules(parseConfigZ(listed.stdout));
	return fatal ? {rules, problem: fatal} : {rules};
}

/** git's http.* settings as Go's git sees them (from an empty directory); an extra header's value is never shown. */
async function askGitHttp(system: System): Promise<ReportFacts['gitHttp']> {
	const listed = await gitFromEmptyDirectory(system, ['config', '--show-origin', '--get-regexp', '^http\\.']);
	if (listed.startError || (listed.code !== 0 && listed.code !== 1)) return undefined;
	return listed.stdout
		.split('\n')
		.filter(line => line.trim() !== '')
		.map(line => {
			const [origin = '', rest = ''] = line.split('\t');
			const space = rest.indexOf(' ');
			const key = space < 0 ? rest : rest.slice(0, space);
			const raw = space < 0 ? '' : rest.slice(space + 1);
			// An extra header carries a credential more often than not: its name only.
			const value = /extraheader$/i.test(key) ? raw.replace(/:.*/, ': ****') : raw;
			return {key, value, origin};
		});
}

/** The facts the report needs beyond the result model: versions, git's URL rewrites and http.* settings, the network
 * variables, and how the tool was run. */
export async function collectReportFacts(system: System, result: RunResult, host: HostFacts = defaultHost(), run?: {invocation?: RunInvocation; notRun?: ReportFacts['notRun']}): Promise<ReportFacts> {
	const options = {env: system.env, timeoutMs: 5000};
	const [git, curl, insteadOf, gitHttp] = await Promise.all([
		system.exec.run('git', ['--version'], options),
		system.exec.run('curl', ['--version'], options),
		askGitInsteadOf(system),
		askGitHttp(system),
	]);
	const networkVariables = networkVariableNames.filter(name => system.env[name] !== undefined).map(name => ({name, value: system.env[name]!}));
	// Typed facts from the go-env step, never its evidence text.
	const goEnv = result.checks.find(check => check.id === 'go-env');
	const goFacts = goEnv?.facts?.go;
	const goSettings = goFacts?.settings ?? [];
	const netrc = evidenceOf(result, 'netrc');
	const netrcFacts: NetrcFact[] = [];
	if (netrc) {
		const text = (value: unknown) => (value === undefined ? undefined : String(value));
		netrcFacts.push({reader: 'Go', reads: text(netrc['goReads']), sends: text(netrc['goSends']) ?? 'nothing from .netrc'});
		netrcFacts.push({reader: 'git (libcurl)', reads: text(netrc['gitReads']), sends: text(netrc['gitSends'])});
	}
	return {
		tool: {name: toolName, version: toolVersion},
		generatedAt: host.now.toISOString(),
		os: {platform: system.platform, release: host.release, arch: host.arch},
		node: host.node,
		...(goEnv ? {go: goFacts?.version ?? 'unknown'} : {}),
		...(goFacts ? {goEnvFile: goFacts.envFile} : {}),
		goSettings,
		...(git.code === 0 ? {git: firstLine(git.stdout)} : {}),
		...(curl.code === 0 ? {curl: firstLine(curl.stdout)} : {}),
		netrc: netrcFacts,
		...(insteadOf ? {insteadOf} : {}),
		...(system.homeDir ? {homeDir: system.homeDir} : {}),
		...(run?.invocation ? {invocation: run.invocation} : {}),
		...(run?.notRun ? {notRun: run.notRun} : {}),
		networkVariables,
		...(gitHttp ? {gitHttp} : {}),
	};
}
