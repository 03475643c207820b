// git-route: which URL git really uses for the repository Go names, after `url.<base>.insteadOf`, from which rule in
// which file (docs/git.md §1). git itself answers, asked the way Go asks it: in a throwaway bare repository with
// `origin` set to the URL (docs/git.md §1.4), so conditional includes behave as in Go's cache repository (docs/git.md §6.12).
import {hostnameOf} from '../rules/hosts.js';
import type {GitRouteData, GitRouteRule} from '../engine/check-data.js';
import {type CheckContext, type Fix, type ModuleTarget, type Outcome, type Upstream, defineCheck} from '../engine/types.js';
import {describeGitUrl, insteadOfRules, rewriteUrl, samePath, type ConfigRecord, type GitUrl, type InsteadOfRule} from '../rules/insteadof.js';
import {classifyGitStderr} from '../rules/git-errors.js';
import type {ExecResult} from '../system/types.js';
import {getUrlOutsideRepository, installGitFix, lastErrorLine, prepareGoLikeRepo, withGoLikeRepo, type GoLikeRepo, type OpenedRepo} from './go-like-git.js';
import {badConfigPlace, fileOfOrigin, listConfig, locateRule, whereRule} from './git-route-config.js';
import {embeddedCredentialFixes, localPathFixes, pathChangeFixes, unsetFix, type RuleFixContext} from './git-route-fixes.js';

export {findRuleLine} from './git-route-config.js';

type Origin = {url: string; source: GitRouteData['urlSource']; note: string} | {skip: string};

/** The URL Go gives git: go-import's repo root, `https://<repo>` for a VCS-qualified path, else GitLab's usual URL. */
export function originalUrlOf(modulePath: ModuleTarget, upstream: Upstream<'go-import'>): Origin {
	const qualifier = modulePath.qualifier;
	if (qualifier) {
		return {
			url: `https://${qualifier.repo}`,
			source: 'qualifier',
			note: `The path is VCS-qualified, so Go asks no ?go-get=1 page: it tries https://${qualifier.repo} first of the secure schemes (then git+ssh://, ssh://), without appending .git (docs/go.md §5.2).`,
		};
	}
	const goImport = upstream.result('go-import');
	const data = upstream.data('go-import');
	const match = data?.match;
	if (goImport && goImport.status !== 'fail' && match && typeof match.repoRoot === 'string') {
		if (match.vcs === 'mod') return {skip: `go-import names vcs "mod": Go downloads from ${match.repoRoot} with the GOPROXY protocol and never runs git`};
		if (match.vcs !== 'git') return {skip: `go-import names vcs "${match.vcs}", not git: this tool checks git only`};
		return {url: match.repoRoot, source: 'go-import', note: `Go got ${match.repoRoot} from the go-import tag of ${match.page}.`};
	}
	const longest = modulePath.candidates[0] ?? modulePath.host;
	const why = !goImport ? 'the go-import step did not run' : goImport.status === 'fail' ? 'the go-import step failed' : 'the go-import step found no tag for this path';
	const goGot = match && typeof match.repoRoot === 'string' && match.repoRoot !== `https://${longest}.git` ? ` (its tag names ${match.repoRoot}, which is what Go would hand git)` : '';
	return {
		url: `https://${longest}.git`,
		source: 'gitlab-default',
		note: `${why[0]!.toUpperCase()}${why.slice(1)}${goGot}, so this is GitLab's usual URL for the project (https://${longest}.git), not necessarily what Go got.`,
	};
}


/** A user name that is really a token (`https://glpat-…@host/`) is a credential too. */
function userIsSecret(user: string | undefined): boolean {
	return user !== undefined && (/^(?:[A-Za-z0-9]+-)?gl[a-z]+-/.test(user) || user.length >= 20);
}

function registerUrlSecrets(context: CheckContext, url: GitUrl): void {
	context.secrets.add(url.password);
	context.secrets.add(url.passwordAsWritten);
	if (userIsSecret(url.user)) context.secrets.add(url.user);
}

/** What the judgement works from: the URL Go gives git, git's config records and rules, and the words gathered so far. */
type Reading = {
	context: CheckContext;
	origin: Exclude<Origin, {skip: string}>;
	original: GitUrl;
	moduleHost: string;
	records: ConfigRecord[];
	rules: InsteadOfRule[];
	/** git's `fatal:` for a value-less insteadOf found in the listing. */
	fatal: string | undefined;
	/** `git ls-remote --get-url origin`: git's own answer. */
	answer: ExecResult;
	details: string[];
	evidence: Record<string, unknown>;
	where: RuleFixContext;
};

/** The route the rules and git's answer settle on. */
type Route = {url: string; rule: GitRouteRule | undefined; routed: GitUrl; data: GitRouteData};

/** No repository to ask in: git is missing, or `git init --bare` failed. */
function repositoryFailure(opened: Extract<OpenedRepo, {kind: 'git-missing' | 'init-failed'}>, originalUrl: string, platform: string): Outcome<GitRouteData> {
	if (opened.kind === 'git-missing') {
		return {
			status: 'fail',
			reason: 'git-not-installed',
			summary: 'git is not installed: go get runs git for every module on GitLab',
			details: ['The go command fetches modules from a GitLab host (anything not on its short list of known hosts) with git; without it go get fails with "exec: \\"git\\": executable file not found in $PATH".'],
			evidence: {originalUrl},
			fixes: [installGitFix(platform)],
		};
	}
	return {
		status: 'fail',
		reason: 'git-init-failed',
		summary: `git init --bare failed in a temporary directory: ${lastErrorLine(opened.result)}`,
		details: ['Go makes the same kind of bare repository in $GOMODCACHE/cache/vcs before it runs git there.'],
		evidence: {originalUrl, stderr: opened.result.stderr.trim()},
	};
}

/** Lists git's rules and asks git for the URL, side by side, in the repository Go would use. */
async function readGit(
	context: CheckContext,
	opened: Extract<OpenedRepo, {repo: GoLikeRepo}>,
	origin: Reading['origin'],
): Promise<Reading> {
	const [listed, answer] = await Promise.all([
		listConfig(opened.repo),
		opened.kind === 'ready' ? opened.repo.originUrl() : Promise.resolve(opened.result),
	]);
	const {rules, fatal} = insteadOfRules(listed.records);
	for (const rule of rules) registerUrlSecrets(context, describeGitUrl(rule.base));
	const details: string[] = [origin.note];
	if (listed.note) details.push(listed.note);
	const evidence: Record<string, unknown> = {originalUrl: origin.url, urlFrom: origin.source};
	if (rules.length > 0) evidence['insteadOfRules'] = rules.map(rule => `url.${rule.base}.insteadOf = ${rule.insteadOf} (${rule.scope}, ${rule.origin})`);
	return {
		context,
		origin,
		original: describeGitUrl(origin.url),
		moduleHost: hostnameOf(context.target.host),
		records: listed.records,
		rules,
		fatal,
		answer,
		details,
		evidence,
		where: {env: context.system.env, home: context.system.homeDir},
	};
}

/** A value-less insteadOf stops every git command that loads remotes (docs/git.md §1.1, §6.2, docs/git.md §6.15). */
function judgeConfigError(reading: Reading): Outcome<GitRouteData> | undefined {
	const {answer, fatal, evidence} = reading;
	const failedAnswer = answer.code !== 0 ? classifyGitStderr(answer.stderr) : undefined;
	if (fatal === undefined && failedAnswer?.kind !== 'bad-config') return undefined;
	const bare = reading.records.find(record => record.value === undefined && /^url\..*\.insteadof$/i.test(record.key));
	const place = badConfigPlace(answer.stderr);
	const fixes: Fix[] = [];
	if (bare) {
		const base = bare.key.slice('url.'.length, bare.key.length - '.insteadof'.length);
		const file = fileOfOrigin(bare.origin) ?? place?.file;
		const rule: GitRouteRule = {base, insteadOf: '', scope: bare.scope, origin: bare.origin, ...(file !== undefined ? {file} : {}), ...(place ? {line: place.line} : {})};
		fixes.push(unsetFix(rule, reading.where, `url.${base}.insteadOf, which has no value`, 1));
		evidence['brokenRule'] = `url.${base}.insteadOf (no "= value") in ${whereRule(rule)}`;
	}
	if (answer.stderr.trim() !== '') evidence['gitSays'] = answer.stderr.trim();
	return {
		status: 'fail',
		reason: 'git-bad-config',
		summary: `git stops on a configuration error before it contacts anything: ${fatal ?? (failedAnswer?.kind === 'bad-config' ? failedAnswer.detail.split('\n')[0] : '')}`,
		details: [
			'An insteadOf key written without "= value" is a fatal error for every git command that reads remotes, so go get fails with "fatal: bad config variable" for every git module.',
			...reading.details,
		],
		evidence,
		fixes,
	};
}

/** git's answer is the truth; the rules only say which one applied and where it is written. */
async function settleRoute(reading: Reading): Promise<Route> {
	const {context, origin, rules, details, evidence, moduleHost} = reading;
	const url = reading.answer.stdout.trim();
	const predicted = rewriteUrl(origin.url, rules);
	let applied = predicted.rule;
	if (predicted.url !== url) {
		applied = rules.find(rule => rewriteUrl(origin.url, [rule]).url === url);
		details.push(
			`The insteadOf rules read from git config predict ${predicted.url}, but git answers ${url}; git's answer is used (a rule may come from a conditional include or a source git config --get-regexp does not list).`,
		);
	}
	const rule = applied ? await locateRule(context, applied) : undefined;
	const routed = describeGitUrl(url);
	registerUrlSecrets(context, routed);
	const data: GitRouteData = {
		originalUrl: origin.url,
		urlSource: origin.source,
		url,
		kind: routed.kind,
		embeddedCredential: routed.password !== undefined || userIsSecret(routed.user),
		differentHost: routed.host !== undefined && routed.host.toLowerCase() !== moduleHost,
		moduleHost,
		...(rule ? {rule} : {}),
		...(routed.host !== undefined ? {host: routed.host} : {}),
		...(routed.port !== undefined ? {port: routed.port} : {}),
		...(routed.user !== undefined ? {user: routed.user} : {}),
	};
	evidence['url'] = url;
	evidence['kind'] = routed.kind;
	if (rule) evidence['rule'] = `url.${rule.base}.insteadOf = ${rule.insteadOf}`;
	if (rule) evidence['ruleFrom'] = whereRule(rule);
	return {url, rule, routed, data};
}

/** Conditional includes (gitdir:, hasconfig:) apply only inside a repository: say where git goes outside one. */
async function noteConditionalIncludes(reading: Reading, url: string, signal: AbortSignal | undefined): Promise<void> {
	const conditional = reading.records.filter(record => /^includeif\./i.test(record.key));
	if (conditional.length === 0) return;
	reading.evidence['conditionalIncludes'] = conditional.map(record => `${record.key} = ${record.value ?? ''} (${record.origin})`);
	const outside = await getUrlOutsideRepository(reading.context, reading.origin.url, signal);
	if (outside !== undefined && outside !== url) {
		reading.details.push(
			`Outside a repository, where conditional includes (gitdir:, hasconfig:) do not apply, git would use ${outside}. The newest Go runs its first ls-remote that way (before git init), older Go inside its cache repository.`,
		);
		reading.evidence['urlOutsideRepository'] = outside;
	}
}

/** The verdict on the URL git uses: a local path, a changed project path, warnings, or a pass. */
function judgeRoute(reading: Reading, route: Route): Outcome<GitRouteData> {
	const {details, evidence, moduleHost, original, where} = reading;
	const {url, rule, routed, data} = route;
	const ruleText = rule ? `url.${rule.base}.insteadOf = ${rule.insteadOf}` : '';
	const via = rule ? ` by ${ruleText} from ${whereRule(rule)}` : '';
	const valueCount = (base: string) => reading.rules.filter(other => other.base === base && other.scope === rule?.scope && other.origin === rule?.origin).length;
	if (data.differentHost) details.push(`git goes to ${routed.host}, not to the module's host ${moduleHost} (a Geo secondary, an SSH host alias or a mirror): git's credentials must be valid there.`);

	// A local path: `git@host/…` without a colon (docs/git.md §1.2).
	if (routed.kind === 'local' || routed.kind === 'file') {
		return {
			status: 'fail',
			reason: 'git-local-path',
			summary: `git reads ${url} as a local path, not a server${via}`,
			details: [
				routed.kind === 'local'
					? `git treats "host:path" as SSH only when a ':' comes before the first '/'; here there is none, so git looks for a directory and says "fatal: '${url}' does not appear to be a git repository".`
					: 'A file:// URL names a directory on this machine, not the GitLab server.',
				...details,
			],
			evidence,
			fixes: rule ? localPathFixes(rule, where, ruleText, valueCount(rule.base), moduleHost) : [],
			data,
		};
	}

	// The rewrite must keep the project path (docs/git.md §1.2: a missing or extra '/' breaks it).
	if (routed.path !== undefined && original.path !== undefined && routed.kind !== 'other' && !samePath(original.path, routed.path)) {
		return {
			status: 'fail',
			reason: 'git-route-wrong-path',
			summary: `git asks for ${routed.path || '(no path)'} instead of ${original.path}${via}`,
			details: [
				'insteadOf replaces a prefix byte for byte: when the rule\'s two sides do not end alike (one with "/" or ":", the other without), or name another group, the project path changes and GitLab answers "not found".',
				...details,
			],
			evidence,
			fixes: rule ? pathChangeFixes(rule, routed, where, ruleText, valueCount(rule.base), moduleHost) : [],
			data,
		};
	}

	const warnings: string[] = [];
	// The stable code of each warning, in step with warnings (JSON `reason`).
	const warningCodes: string[] = [];
	const fixes: Fix[] = [];
	if (data.embeddedCredential) {
		warningCodes.push('git-url-credential');
		warnings.push(`the URL git uses carries a credential${rule?.file !== undefined ? `, written in plain text in ${rule.file}` : ''}`);
		details.unshift(
			'A credential in a URL is a secret in plain text on disk (and in every error message git prints). git sends it from the first request, so .netrc is never read; and it is dropped when GitLab redirects git to another host (a Geo secondary sending git to its primary), which then fails with "Authentication failed".',
		);
		fixes.push(...embeddedCredentialFixes(rule, routed.host ?? moduleHost, where));
	}
	if (routed.kind === 'http') warningCodes.push('git-plain-http'), warnings.push('git uses plain http://: credentials and code travel unencrypted');
	if (routed.kind === 'git') warningCodes.push('git-protocol'), warnings.push('git uses the git:// protocol, which has no authentication and which GitLab does not serve');
	if (routed.kind === 'other') warningCodes.push('git-remote-helper'), warnings.push(`git needs a remote helper for "${routed.scheme ?? url}" (git-remote-${routed.scheme ?? '?'}), which this tool cannot check`);
	if (evidence['urlOutsideRepository'] !== undefined) warningCodes.push('git-url-outside-repository'), warnings.push(`outside Go's cache repository git would use ${String(evidence['urlOutsideRepository'])} instead`);

	const summaryUrl = rule ? `git uses ${url}${via}` : `git uses ${url} as Go gives it (no insteadOf rule applies)`;
	if (warnings.length > 0) {
		return {status: 'warn', reason: warningCodes[0], summary: `${summaryUrl}, but ${warnings[0]}`, details: [...warnings.slice(1), ...details], evidence, fixes, data};
	}
	return {status: 'pass', summary: summaryUrl, details, evidence, data};
}

/** The URLs Go most likely gives git, known before go-import answers: the VCS-qualified path's; else GitLab's usual URL
 * for the longest candidate (a project at the module path, and what this step uses when go-import fails) and for the
 * first two path elements (GitLab's answer to a package path in a top-level group's project, and its anonymous
 * answer for a subgroup path, docs/gitlab.md §6 #1). */
export function expectedUrlsOf(modulePath: ModuleTarget): string[] {
	if (modulePath.qualifier) return [`https://${modulePath.qualifier.repo}`];
	const longest = modulePath.candidates[0] ?? modulePath.host;
	const twoElements = modulePath.candidates.find(path => path.split('/').length === 3);
	return [...new Set([longest, ...(twoElements ? [twoElements] : [])])].map(path => `https://${path}.git`);
}

/** git-route may wait for go-import as long as go-import may take, then does its own work. */
const goImportWaitLimit = (timeoutMs: number) => timeoutMs * 3 + 2000;

export const gitRouteCheck = defineCheck({
	id: 'git-route',
	title: 'git route (insteadOf)',
	needs: ['module-path'],
	after: ['go-env', 'go-import'],
	// It makes Go's repository for the URL it expects and reads git's config while go-import asks GitLab; the URL
	// itself comes from go-import's answer (a repository for another URL is made then).
	startsBeside: ['go-import'],
	reads: ['git-config'],
	local: false,
	// Judged only when go reaches the direct route (no GOPROXY entry serves the module or stops go first).
	route: 'direct',
	timeLimitMs: options => goImportWaitLimit(options.timeoutMs) * 2,
	async run(context, upstream, signal): Promise<Outcome<GitRouteData>> {
		const goEnv = upstream.data('go-env');
		if (upstream.settled) {
			for (const url of expectedUrlsOf(context.target)) prepareGoLikeRepo(context, url, {goEnv});
			await upstream.settled(['go-import']);
		}
		const origin = originalUrlOf(context.target, upstream);
		if ('skip' in origin) return {status: 'skip', summary: origin.skip};
		registerUrlSecrets(context, describeGitUrl(origin.url));
		return withGoLikeRepo(
			context,
			origin.url,
			async opened => {
				if (opened.kind === 'git-missing' || opened.kind === 'init-failed') return repositoryFailure(opened, origin.url, context.system.platform);
				const reading = await readGit(context, opened, origin);
				const configError = judgeConfigError(reading);
				if (configError) return configError;
				if (reading.answer.code !== 0) {
					reading.evidence['gitSays'] = reading.answer.stderr.trim();
					return {status: 'fail', reason: 'git-route-unknown', summary: `git could not say which URL it would use: ${lastErrorLine(reading.answer)}`, details: reading.details, evidence: reading.evidence};
				}
				const route = await settleRoute(reading);
				await noteConditionalIncludes(reading, route.url, signal);
				return judgeRoute(reading, route);
			},
			{goEnv, readsOnly: true, ...(signal ? {signal} : {})},
		);
	},
});
