// git-route: which URL git really uses for the repository Go names, after `url.<base>.insteadOf`, from which rule in
// which file (docs/git.md §1). git itself answers, asked the way Go asks it: in a throwaway bare repository with
// `origin` set to the URL (docs/git.md §1.4), so conditional includes behave as in Go's cache repository (docs/git.md §6.12).
import {hostnameOf} from '../rules/hosts.js';
import {configLocation, doubleQuote, gitlabPage, linkTo, netrcEntryFix} from '../fixes/builders.js';
import type {ModulePathData, GoImportData, GitRouteRule, GitRouteData} from '../engine/check-data.js';
import {type CheckContext, type Fix, type FixAction, type ModuleTarget, type Outcome, type Upstream, defineCheck} from '../engine/types.js';
import {describeGitUrl, insteadOfRules, parseConfigZ, rewriteUrl, samePath, type ConfigRecord, type GitUrl, type GitUrlKind, type InsteadOfRule} from '../rules/insteadof.js';
import {classifyGitStderr} from '../rules/git-errors.js';
import type {Environment} from '../system/types.js';
import {getUrlOutsideRepository, installGitFix, lastErrorLine, withGoLikeRepo, type GoLikeRepo} from './go-like-git.js';
import {shellQuote} from '../fixes/command.js';
import {readTextFile} from './read-text.js';

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

function fileOfOrigin(origin: string): string | undefined {
	return origin.startsWith('file:') ? origin.slice('file:'.length) : undefined;
}

/** git's value syntax, enough to compare: quotes removed, `\x` escapes read, comments (`#`, `;`) outside quotes dropped. */
function configValue(text: string): string {
	let value = '';
	let quoted = false;
	let pendingSpace = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (c === '\\' && i + 1 < text.length) {
			const next = text[++i]!;
			value += pendingSpace + ({n: '\n', t: '\t', b: '\b'}[next] ?? next);
			pendingSpace = '';
		} else if (c === '"') quoted = !quoted;
		else if (!quoted && (c === '#' || c === ';')) break;
		else if (!quoted && /\s/.test(c)) pendingSpace += value === '' ? '' : c;
		else {
			value += pendingSpace + c;
			pendingSpace = '';
		}
	}
	return value;
}

/** The line of `insteadOf = <value>` under `[url "<base>"]` in a config file's text. */
export function findRuleLine(text: string, base: string, insteadOf: string): number | undefined {
	let inSection = false;
	const found: Array<{line: number; value: string | undefined}> = [];
	text.split(/\r?\n/).forEach((raw, index) => {
		let line = raw.trim();
		const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(line);
		if (header) {
			const section = header[1]!.toLowerCase();
			const subsection = header[2]?.replace(/\\(.)/g, '$1');
			// The old `[url.base]` form lower-cases the subsection, as git does.
			inSection = (section === 'url' && subsection === base) || (subsection === undefined && section === `url.${base.toLowerCase()}`);
			line = header[3]!.trim();
			if (line === '') return;
		}
		if (!inSection) return;
		const entry = /^insteadof\s*(?:=(.*))?$/i.exec(line);
		if (entry) found.push({line: index + 1, value: entry[1] === undefined ? undefined : configValue(entry[1])});
	});
	return (found.find(entry => entry.value === insteadOf) ?? (found.length === 1 ? found[0] : undefined))?.line;
}

async function locate(context: CheckContext, rule: InsteadOfRule): Promise<GitRouteRule> {
	const located: GitRouteRule = {base: rule.base, insteadOf: rule.insteadOf, scope: rule.scope, origin: rule.origin};
	const file = fileOfOrigin(rule.origin);
	if (file === undefined) return located;
	located.file = file;
	const text = await readTextFile(context.system, file);
	if (text.kind === 'text') {
		const line = findRuleLine(text.text, rule.base, rule.insteadOf);
		if (line !== undefined) located.line = line;
	}
	return located;
}

function whereRule(rule: {scope: string; origin: string; file?: string; line?: number}): string {
	if (rule.file !== undefined) return `${rule.file}${rule.line !== undefined ? `:${rule.line}` : ''} (${rule.scope || 'unknown'} config)`;
	if (rule.origin.startsWith('command line')) return 'the command line or GIT_CONFIG_COUNT/GIT_CONFIG_KEY_<n> in the environment (Go\'s git inherits it)';
	return rule.origin || rule.scope;
}

/** The files `git config --global` writes to: GIT_CONFIG_GLOBAL, else ~/.gitconfig (and the XDG file git also reads). */
function ereEscape(text: string): string {
	return text.replace(/[.[\]()*+?^${}|\\]/g, '\\$&');
}

function unsetFix(rule: GitRouteRule, env: Environment, home: string | undefined, why: string, valueCount: number): Fix {
	const location = configLocation(rule, env, home);
	const key = `url.${rule.base}.insteadOf`;
	if (location === undefined) {
		return {
			title: `Remove the rule ${why}: it comes from ${whereRule(rule)}, not from a file; unset that variable or drop the -c option`,
			commands: [],
			safe: false,
		};
	}
	const pattern = valueCount > 1 && rule.insteadOf !== '' ? `^${ereEscape(rule.insteadOf)}$` : undefined;
	const command = `git config ${location} --unset ${doubleQuote(key)}${pattern !== undefined ? ` ${shellQuote(pattern)}` : ''}`;
	// The tool applies `git config --global` changes itself (fixes/git-config.ts); another file is for a person.
	const applicable = location === '--global';
	return {
		title: `Remove the rule ${why} (${whereRule(rule)})`,
		commands: [rule.scope === 'system' ? `sudo ${command}` : command],
		safe: applicable,
		...(applicable ? {actions: [{kind: 'git-config', key, value: undefined, ...(pattern !== undefined ? {valuePattern: pattern} : {})} satisfies FixAction]} : {}),
	};
}

/** The SSH rule that does what a broken one meant: `url."git@HOST:".insteadOf "https://HOST/"`. */
function sshRuleFix(target: {user?: string; host: string; port?: number}, moduleHost: string, location: string): Fix {
	const user = target.user ?? 'git';
	const base = target.port !== undefined && target.port !== 22 ? `ssh://${user}@${target.host}:${target.port}/` : `${user}@${target.host}:`;
	return {
		title: `Send git to ${target.host} over SSH with a rule that keeps the project path`,
		commands: [`git config ${location} url.${doubleQuote(base)}.insteadOf ${doubleQuote(`https://${moduleHost}/`)}`],
		safe: false,
	};
}

/** `git@host/` (no colon): the user meant scp syntax. */
function intendedSshTarget(base: string): {user?: string; host: string} | undefined {
	const match = /^(?:([^@/:]+)@)?([A-Za-z0-9.-]+)\/$/.exec(base);
	return match ? {...(match[1] !== undefined ? {user: match[1]} : {}), host: match[2]!} : undefined;
}

/** The stderr line `fatal: bad config variable 'K' in file 'F' at line N`, when git gives it. */
function badConfigPlace(stderr: string): {file: string; line: number} | undefined {
	const match = /in file '([^']*)' at line (\d+)/.exec(stderr);
	return match ? {file: match[1]!, line: Number(match[2])} : undefined;
}

async function listConfig(repo: GoLikeRepo): Promise<{records: ConfigRecord[]; note?: string}> {
	const listing = await repo.git(['config', '-z', '--show-scope', '--show-origin', '--get-regexp', '^(url\\..*\\.insteadof|includeif\\..*\\.path)$']);
	// Exit status 1: nothing matched.
	if (listing.code === 0 || (listing.code === 1 && listing.stdout === '')) return {records: parseConfigZ(listing.stdout)};
	return {records: [], note: `git could not list its insteadOf rules (${lastErrorLine(listing)}); --show-scope needs git 2.26 or later. The URL below is still git's own answer.`};
}

export const gitRouteCheck = defineCheck({
	id: 'git-route',
	title: 'git route (insteadOf)',
	needs: ['module-path'],
	after: ['go-import'],
	reads: ['git-config'],
	local: false,
	// Judged only when go reaches the direct route (no GOPROXY entry serves the module or stops go first).
	route: 'direct',
	async run(context, upstream, signal): Promise<Outcome<GitRouteData>> {
		const modulePath = context.target;
		const origin = originalUrlOf(modulePath, upstream);
		if ('skip' in origin) return {status: 'skip', summary: origin.skip};
		const moduleHost = hostnameOf(modulePath.host);
		const originalUrl = origin.url;
		const original = describeGitUrl(originalUrl);
		registerUrlSecrets(context, original);

		return withGoLikeRepo(
			context,
			originalUrl,
			async opened => {
				if (opened.kind === 'git-missing') {
					return {
						status: 'fail',
						reason: 'git-not-installed',
						summary: 'git is not installed: go get runs git for every module on GitLab',
						details: ['The go command fetches modules from a GitLab host (anything not on its short list of known hosts) with git; without it go get fails with "exec: \\"git\\": executable file not found in $PATH".'],
						evidence: {originalUrl},
						fixes: [installGitFix(context.system.platform)],
					};
				}
				if (opened.kind === 'init-failed') {
					return {
						status: 'fail',
						reason: 'git-init-failed',
						summary: `git init --bare failed in a temporary directory: ${lastErrorLine(opened.result)}`,
						details: ['Go makes the same kind of bare repository in $GOMODCACHE/cache/vcs before it runs git there.'],
						evidence: {originalUrl, stderr: opened.result.stderr.trim()},
					};
				}
				const repo = opened.repo;
				const [listed, answer] = await Promise.all([
					listConfig(repo),
					opened.kind === 'ready' ? repo.git(['ls-remote', '--get-url', 'origin'], signal ? {signal} : {}) : Promise.resolve(opened.result),
				]);
				const {rules, fatal} = insteadOfRules(listed.records);
				for (const rule of rules) registerUrlSecrets(context, describeGitUrl(rule.base));
				const details: string[] = [origin.note];
				if (listed.note) details.push(listed.note);
				const evidence: Record<string, unknown> = {originalUrl, urlFrom: origin.source};
				if (rules.length > 0) evidence['insteadOfRules'] = rules.map(rule => `url.${rule.base}.insteadOf = ${rule.insteadOf} (${rule.scope}, ${rule.origin})`);
				const home = context.system.homeDir;
				const env = context.system.env;

				// A value-less insteadOf stops every git command that loads remotes (docs/git.md §1.1, §6.2, docs/git.md §6.15).
				const failedAnswer = answer.code !== 0 ? classifyGitStderr(answer.stderr) : undefined;
				if (fatal !== undefined || failedAnswer?.kind === 'bad-config') {
					const bare = listed.records.find(record => record.value === undefined && /^url\..*\.insteadof$/i.test(record.key));
					const place = badConfigPlace(answer.stderr);
					const fixes: Fix[] = [];
					if (bare) {
						const base = bare.key.slice('url.'.length, bare.key.length - '.insteadof'.length);
						const file = fileOfOrigin(bare.origin) ?? place?.file;
						const rule: GitRouteRule = {base, insteadOf: '', scope: bare.scope, origin: bare.origin, ...(file !== undefined ? {file} : {}), ...(place ? {line: place.line} : {})};
						fixes.push(unsetFix(rule, env, home, `url.${base}.insteadOf, which has no value`, 1));
						evidence['brokenRule'] = `url.${base}.insteadOf (no "= value") in ${whereRule(rule)}`;
					}
					if (answer.stderr.trim() !== '') evidence['gitSays'] = answer.stderr.trim();
					return {
						status: 'fail',
						reason: 'git-bad-config',
						summary: `git stops on a configuration error before it contacts anything: ${fatal ?? (failedAnswer?.kind === 'bad-config' ? failedAnswer.detail.split('\n')[0] : '')}`,
						details: [
							'An insteadOf key written without "= value" is a fatal error for every git command that reads remotes, so go get fails with "fatal: bad config variable" for every git module.',
							...details,
						],
						evidence,
						fixes,
					};
				}
				if (answer.code !== 0) {
					evidence['gitSays'] = answer.stderr.trim();
					return {
						status: 'fail',
						reason: 'git-route-unknown',
						summary: `git could not say which URL it would use: ${lastErrorLine(answer)}`,
						details,
						evidence,
					};
				}

				// git's answer is the truth; the rules only say which one applied and where it is written.
				const url = answer.stdout.trim();
				const predicted = rewriteUrl(originalUrl, rules);
				let applied = predicted.rule;
				if (predicted.url !== url) {
					applied = rules.find(rule => rewriteUrl(originalUrl, [rule]).url === url);
					details.push(
						`The insteadOf rules read from git config predict ${predicted.url}, but git answers ${url}; git's answer is used (a rule may come from a conditional include or a source git config --get-regexp does not list).`,
					);
				}
				const rule = applied ? await locate(context, applied) : undefined;
				const routed = describeGitUrl(url);
				registerUrlSecrets(context, routed);
				const embeddedCredential = routed.password !== undefined || userIsSecret(routed.user);
				const differentHost = routed.host !== undefined && routed.host.toLowerCase() !== moduleHost;
				const data: GitRouteData = {
					originalUrl,
					urlSource: origin.source,
					url,
					kind: routed.kind,
					embeddedCredential,
					differentHost,
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

				const conditional = listed.records.filter(record => /^includeif\./i.test(record.key));
				if (conditional.length > 0) {
					evidence['conditionalIncludes'] = conditional.map(record => `${record.key} = ${record.value ?? ''} (${record.origin})`);
					const outside = await getUrlOutsideRepository(context, originalUrl, signal);
					if (outside !== undefined && outside !== url) {
						details.push(
							`Outside a repository, where conditional includes (gitdir:, hasconfig:) do not apply, git would use ${outside}. The newest Go runs its first ls-remote that way (before git init), older Go inside its cache repository.`,
						);
						evidence['urlOutsideRepository'] = outside;
					}
				}
				const ruleText = rule ? `url.${rule.base}.insteadOf = ${rule.insteadOf}` : '';
				const via = rule ? ` by ${ruleText} from ${whereRule(rule)}` : '';
				const valueCount = (base: string) => rules.filter(other => other.base === base && other.scope === rule?.scope && other.origin === rule?.origin).length;
				if (differentHost) details.push(`git goes to ${routed.host}, not to the module's host ${moduleHost} (a Geo secondary, an SSH host alias or a mirror): git's credentials must be valid there.`);

				// A local path: `git@host/…` without a colon (docs/git.md §1.2).
				if (routed.kind === 'local' || routed.kind === 'file') {
					const fixes: Fix[] = [];
					if (rule) {
						const location = configLocation(rule, env, home) ?? '--global';
						fixes.push(unsetFix(rule, env, home, ruleText, valueCount(rule.base)));
						const target = intendedSshTarget(rule.base);
						if (target) fixes.push(sshRuleFix(target, moduleHost, location));
					}
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
						fixes,
						data,
					};
				}

				// The rewrite must keep the project path (docs/git.md §1.2: a missing or extra '/' breaks it).
				if (routed.path !== undefined && original.path !== undefined && routed.kind !== 'other' && !samePath(original.path, routed.path)) {
					const fixes: Fix[] = [];
					if (rule) {
						fixes.push(unsetFix(rule, env, home, ruleText, valueCount(rule.base)));
						if ((routed.kind === 'scp' || routed.kind === 'ssh') && routed.host !== undefined) {
							fixes.push(sshRuleFix({host: routed.host, ...(routed.user !== undefined ? {user: routed.user} : {}), ...(routed.port !== undefined ? {port: routed.port} : {})}, moduleHost, configLocation(rule, env, home) ?? '--global'));
						}
					}
					return {
						status: 'fail',
						reason: 'git-route-wrong-path',
						summary: `git asks for ${routed.path || '(no path)'} instead of ${original.path}${via}`,
						details: [
							'insteadOf replaces a prefix byte for byte: when the rule\'s two sides do not end alike (one with "/" or ":", the other without), or name another group, the project path changes and GitLab answers "not found".',
							...details,
						],
						evidence,
						fixes,
						data,
					};
				}

				const warnings: string[] = [];
				// The stable code of each warning, in step with warnings (JSON `reason`).
				const warningCodes: string[] = [];
				const fixes: Fix[] = [];
				if (embeddedCredential) {
					warningCodes.push('git-url-credential');
					warnings.push(
						`the URL git uses carries a credential${rule?.file !== undefined ? `, written in plain text in ${rule.file}` : ''}`,
					);
					details.unshift(
						'A credential in a URL is a secret in plain text on disk (and in every error message git prints). git sends it from the first request, so .netrc is never read; and it is dropped when GitLab redirects git to another host (a Geo secondary sending git to its primary), which then fails with "Authentication failed".',
					);
					fixes.push({
						title: 'Delete that [url] section (the one with the token) from your git config, then revoke the token in GitLab: it has been on disk in plain text',
						commands: [`git config ${rule ? (configLocation(rule, env, home) ?? '--global') : '--global'} --edit`],
						safe: false,
						...linkTo(gitlabPage(routed.host ?? moduleHost, '-/user_settings/personal_access_tokens')),
					});
					fixes.push(netrcEntryFix({host: routed.host ?? moduleHost, title: `Give git a new token through ~/.netrc instead (libcurl reads it for ${routed.host ?? moduleHost})`}));
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
			},
			signal ? {signal} : {},
		);
	},
});
