// The git-route check's fixes: unset a broken insteadOf rule where it is written, write the SSH rule a broken one
// meant, and move a credential out of a URL into ~/.netrc.
import type {GitRouteRule} from '../engine/check-data.js';
import type {Fix, FixAction} from '../engine/types.js';
import {commandFix, configLocation, gitlabPage, insteadOfCommand, linkTo, netrcEntryFix, ruleLocation, unsetInsteadOfCommand} from '../fixes/builders.js';
import type {GitUrl} from '../rules/insteadof.js';
import type {Environment} from '../system/types.js';
import {whereRule} from './git-route-config.js';

/** Where the fixes of one rule are written: its file, and the environment that names the global one. */
export type RuleFixContext = {env: Environment; home: string | undefined};

/** A POSIX extended regular expression matching `text` literally (git config's value pattern). */
function ereEscape(text: string): string {
	return text.replace(/[.[\]()*+?^${}|\\]/g, '\\$&');
}

export function unsetFix(rule: GitRouteRule, where: RuleFixContext, why: string, valueCount: number): Fix {
	const location = configLocation(rule, where.env, where.home);
	const key = `url.${rule.base}.insteadOf`;
	if (location === undefined) {
		return {
			title: `Remove the rule ${why}: it comes from ${whereRule(rule)}, not from a file; unset that variable or drop the -c option`,
			commands: [],
			safe: false,
		};
	}
	// With several values under one key, only this one is unset.
	const pattern = valueCount > 1 && rule.insteadOf !== '' ? `^${ereEscape(rule.insteadOf)}$` : undefined;
	// The tool applies `git config --global` changes itself (fixes/git-config.ts); another file is for a person.
	const applicable = location === '--global';
	return commandFix(
		{
			title: `Remove the rule ${why} (${whereRule(rule)})`,
			safe: applicable,
			...(applicable ? {actions: [{kind: 'git-config', key, value: undefined, ...(pattern !== undefined ? {valuePattern: pattern} : {})} satisfies FixAction]} : {}),
		},
		() => [unsetInsteadOfCommand(location, rule.base, pattern)],
	);
}

/** The SSH rule that does what a broken one meant: `url."git@HOST:".insteadOf "https://HOST/"`. */
function sshRuleFix(target: {user?: string; host: string; port?: number}, moduleHost: string, location: string): Fix {
	const user = target.user ?? 'git';
	const base = target.port !== undefined && target.port !== 22 ? `ssh://${user}@${target.host}:${target.port}/` : `${user}@${target.host}:`;
	return commandFix({title: `Send git to ${target.host} over SSH with a rule that keeps the project path`, safe: false}, () => [insteadOfCommand(location, base, `https://${moduleHost}/`)]);
}

/** `git@host/` (no colon): the user meant scp syntax. */
function intendedSshTarget(base: string): {user?: string; host: string} | undefined {
	const match = /^(?:([^@/:]+)@)?([A-Za-z0-9.-]+)\/$/.exec(base);
	return match ? {...(match[1] !== undefined ? {user: match[1]} : {}), host: match[2]!} : undefined;
}

/** A rule that turned the URL into a local path: unset it, and offer the scp-style rule its base meant. */
export function localPathFixes(rule: GitRouteRule, where: RuleFixContext, why: string, valueCount: number, moduleHost: string): Fix[] {
	const fixes = [unsetFix(rule, where, why, valueCount)];
	const target = intendedSshTarget(rule.base);
	if (target) fixes.push(sshRuleFix(target, moduleHost, ruleLocation(rule, where.env, where.home)));
	return fixes;
}

/** A rule that changed the project path: unset it, and, for an SSH route, offer the rule that keeps the path. */
export function pathChangeFixes(rule: GitRouteRule, routed: GitUrl, where: RuleFixContext, why: string, valueCount: number, moduleHost: string): Fix[] {
	const fixes = [unsetFix(rule, where, why, valueCount)];
	if ((routed.kind === 'scp' || routed.kind === 'ssh') && routed.host !== undefined) {
		const target = {host: routed.host, ...(routed.user !== undefined ? {user: routed.user} : {}), ...(routed.port !== undefined ? {port: routed.port} : {})};
		fixes.push(sshRuleFix(target, moduleHost, ruleLocation(rule, where.env, where.home)));
	}
	return fixes;
}

/** A credential in the URL git uses: delete it from git config (and revoke it), then give git a token through .netrc. */
export function embeddedCredentialFixes(rule: GitRouteRule | undefined, host: string, where: RuleFixContext): Fix[] {
	return [
		{
			title: 'Delete that [url] section (the one with the token) from your git config, then revoke the token in GitLab: it has been on disk in plain text',
			commands: [`git config ${ruleLocation(rule, where.env, where.home)} --edit`],
			safe: false,
			...linkTo(gitlabPage(host, '-/user_settings/personal_access_tokens')),
		},
		netrcEntryFix({host, title: `Give git a new token through ~/.netrc instead (libcurl reads it for ${host})`}),
	];
}
