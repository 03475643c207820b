// What both halves of the geo-secondary step share: the secondary to check, what the step has found so far, how
// it ends, and git ls-remote run as Go runs it (with GIT_TRACE_CURL to see where a secondary sends git).
import {describeGitUrl} from '../rules/insteadof.js';
import {checkedHost} from '../fixes/command.js';
import {hostnameOf} from '../rules/hosts.js';
import {commandFix, insteadOfCommand} from '../fixes/builders.js';
import type {GitRouteData, GeoSecondaryData} from '../engine/check-data.js';
import {type CheckContext, type Fix, type Outcome, type Upstream} from '../engine/types.js';
import type {ExecResult} from '../system/types.js';
import {parseCurlTrace, type CurlExchange} from './geo-secondary-trace.js';
import {withGoLikeRepo} from './go-like-git.js';

export const geoDocs = 'https://docs.gitlab.com/user/project/use_project_as_go_package/#fetch-go-modules-from-geo-secondary-sites';
export const traceFileName = 'gitlab-go-check-curl-trace';

export type Target = {
	/** Host name, lower case. */
	host: string;
	/** host[:port], as in URLs and .netrc lookups by Go. */
	hostPort: string;
	port?: number;
	transport: 'https' | 'ssh';
	/** The URL git uses for the secondary. */
	url: string;
	/** The URL set as origin in Go's kind of repository: Go's own URL when a rule rewrites it, else the secondary's. */
	origin: string;
	routed: boolean;
	user?: string;
};


/** What the geo-secondary step reads upstream. */
export type GeoReads = 'git-route' | 'git-auth' | 'token' | 'netrc';

export type Situation = {
	context: CheckContext;
	upstream: Upstream<GeoReads>;
	route: GitRouteData;
	target: Target;
	primary: string;
	details: string[];
	warnings: string[];
	/** The stable code of each warning, in step with warnings. */
	warningCodes: string[];
	fixes: Fix[];
	evidence: Record<string, unknown>;
};

export function newSituation(context: CheckContext, upstream: Upstream<GeoReads>, route: GitRouteData, target: Target, flag: string | undefined): Situation {
	const primary = route.moduleHost;
	const details = [
		`Go asks the primary ${primary} for ?go-get=1 (discovery, with the .netrc entry for ${primary}); only git goes to the secondary ${target.hostPort}${target.routed && route.rule ? `, because of url.${route.rule.base}.insteadOf = ${route.rule.insteadOf}` : ''}.`,
	];
	const warnings: string[] = [];
	// The stable code of each warning, in step with warnings (JSON `reason`).
	const warningCodes: string[] = [];
	const fixes: Fix[] = [];
	const evidence: Record<string, unknown> = {primary, secondary: target.hostPort, transport: target.transport, gitUrl: target.url};
	if (route.rule) evidence['rule'] = `url.${route.rule.base}.insteadOf = ${route.rule.insteadOf}${route.rule.file ? ` (${route.rule.file}${route.rule.line !== undefined ? `:${route.rule.line}` : ''})` : ''}`;
	if (!target.routed) {
		warningCodes.push('geo-secondary-not-routed');
		warnings.push(`no insteadOf rule sends git to ${target.hostPort}: go get fetches from the primary ${primary}`);
		details.push(`Checked because of --geo-secondary ${target.hostPort}: git was pointed at ${target.url} directly.`);
		fixes.push(
			commandFix({title: `To fetch from the secondary, send git there (HTTPS; .netrc needs entries for ${primary} and ${target.hostPort})`, safe: false, link: geoDocs}, () => [
				insteadOfCommand('--global', `https://${checkedHost(target.hostPort)}/`, `https://${checkedHost(primary)}/`),
			]),
		);
	} else if (flag !== undefined && hostnameOf(flag) !== target.host) {
		warningCodes.push('geo-secondary-other-host');
		warnings.push(`--geo-secondary names ${flag}, but git goes to ${target.hostPort}`);
	}
	return {context, upstream, route, target, primary, details, warnings, warningCodes, fixes, evidence};
}

export function finish(situation: Situation, passSummary: string, data: GeoSecondaryData): Outcome<GeoSecondaryData> {
	const {warnings, warningCodes, details, evidence, fixes} = situation;
	if (warnings.length > 0) {
		return {status: 'warn', reason: warningCodes[0], summary: `${passSummary}, but ${warnings[0]}`, details: [...warnings.slice(1).map(capitalise), ...details], evidence, fixes, data};
	}
	return {status: 'pass', summary: passSummary, details, evidence, ...(fixes.length > 0 ? {fixes} : {}), data};
}

export function capitalise(text: string): string {
	return text === '' ? text : `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** A failing outcome; reason is its stable code (JSON `reason`). */
export function failWith(situation: Situation, reason: string, summary: string, details: string[], fixes: Fix[], data: GeoSecondaryData): Outcome<GeoSecondaryData> {
	return {
		status: 'fail',
		reason,
		summary,
		details: [...details, ...situation.warnings.map(capitalise), ...situation.details],
		evidence: situation.evidence,
		fixes: [...fixes, ...situation.fixes],
		data,
	};
}


export type LsRemote =
	| {kind: 'ran'; result: ExecResult; exchanges: CurlExchange[]}
	| {kind: 'git-missing'}
	| {kind: 'init-failed'; result: ExecResult}
	| {kind: 'remote-add-failed'; result: ExecResult};

/** `git ls-remote -q origin` in Go's kind of repository with Go's environment, and GIT_TRACE_CURL to see redirects. */
export async function lsRemote(situation: Situation, signal: AbortSignal, trace: boolean): Promise<LsRemote> {
	const {context, target} = situation;
	return withGoLikeRepo(
		context,
		target.origin,
		async opened => {
			if (opened.kind === 'git-missing') return {kind: 'git-missing'};
			if (opened.kind === 'init-failed') return {kind: 'init-failed', result: opened.result};
			if (opened.kind === 'remote-add-failed') return {kind: 'remote-add-failed', result: opened.result};
			const repo = opened.repo;
			const traceFile = `${repo.dir}/${traceFileName}`;
			const result = await repo.git(['ls-remote', '-q', 'origin'], {
				timeoutMs: context.options.timeoutMs,
				signal,
				// Authorization values stay redacted in the trace even when the user turned that off.
				...(trace ? {extraEnv: {GIT_TRACE_CURL: traceFile, GIT_TRACE_CURL_NO_DATA: '1', GIT_TRACE_REDACT: '1'}} : {}),
			});
			let exchanges: CurlExchange[] = [];
			if (trace) {
				try {
					const {bytes} = await context.system.fs.readFile(traceFile, 4 * 1024 * 1024);
					exchanges = parseCurlTrace(bytes.toString('utf8'));
				} catch {
					exchanges = [];
				}
			}
			return {kind: 'ran', result, exchanges};
		},
		// The secondary's repository as the newest Go makes it (with GIT_DIR), whatever Go runs: the question here is
		// the secondary's copy, not the bare-repository setting git-access judges.
		{signal, goEnv: undefined},
	);
}

export function gitAccessSituation(situation: Situation) {
	const {route, target, context, upstream} = situation;
	const auth = target.routed ? upstream.data('git-auth') : undefined;
	return {
		route: {...route, url: target.url, host: target.host, ...(target.port !== undefined ? {port: target.port} : {})},
		...(auth ? {auth} : {}),
		host: target.host,
		timeoutMs: context.options.timeoutMs,
		env: context.system.env,
		httpsPassed: false,
	};
}

/** The project path of a git URL, without `.git`: the same path on the secondary. */
export function projectPathOf(url: string): string {
	return (describeGitUrl(url).path ?? '').replace(/^\/+/, '').replace(/\.git\/?$/, '').replace(/\/$/, '');
}
