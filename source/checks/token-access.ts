// What a working token can do: its user (/user), the project (/projects/:id), and the judgement of both, for
// personal, OAuth and job tokens alike (docs/gitlab.md §2.2–§2.5).
import {credentialPlace} from './netrc-files.js';
import {replaceTokenFix} from '../fixes/builders.js';
import type {TokenData} from '../engine/check-data.js';
import {maskSecret} from '../engine/redact.js';
import {type Fix, type Outcome} from '../engine/types.js';
import {apiError, apiGet, fieldsOf, type ApiAnswer} from './gitlab-api.js';
import {warnWithinDays, dayMs, type Situation} from './token-situation.js';
import {hostile, describeAnswer} from './token-answers.js';

export function deadToken(situation: Situation, why: 'expired' | 'revoked' | 'impersonation-disabled' | 'unknown', kind: TokenData['kind']): Outcome<TokenData> {
	const {host, credential} = situation;
	const token = maskSecret(credential.password);
	const where = `${credentialPlace(credential)}`;
	const summaries = {
		expired: `the token Go sends (${token}, ${where}) has expired`,
		revoked: `the token Go sends (${token}, ${where}) has been revoked`,
		'impersonation-disabled': `the token Go sends (${token}, ${where}) is an impersonation token, and impersonation is disabled on ${host}`,
		unknown: `GitLab does not know the token Go sends (${token}, ${where}): it was deleted, mistyped, or belongs to another GitLab`,
	};
	return {
		status: 'fail',
		reason: `token-${why}`,
		summary: summaries[why],
		details: [
			'With a token GitLab rejects, GitLab answers ?go-get=1 with 404 "Go package not found or access denied" (before 17.3: only the first two path elements), and git fails with "HTTP Basic: Access denied".',
			...situation.notes,
		],
		evidence: situation.evidence,
		fixes: [replaceTokenFix(host, credential)],
		data: {kind},
	};
}

export type UserAnswer = {username?: string; lacksScope?: boolean; problem?: Outcome<TokenData>};

export async function currentUser(situation: Situation, headers: Record<string, string>): Promise<UserAnswer> {
	const {context, apiHost, signal} = situation;
	const answer = await apiGet(context, apiHost, {path: 'user', headers, signal});
	situation.evidence['user'] = describeAnswer('GET /api/v4/user', answer);
	if (answer.kind !== 'json') return {problem: hostile(situation, 'user', answer)};
	if (answer.status === 200) {
		const username = fieldsOf(answer.body)['username'];
		return typeof username === 'string' ? {username} : {};
	}
	const error = apiError(answer.status, answer.body);
	if (error.kind === 'insufficient-scope') return {lacksScope: true};
	if (error.kind === 'expired' || error.kind === 'revoked' || error.kind === 'impersonation-disabled') return {problem: deadToken(situation, error.kind, 'personal')};
	if (error.kind === 'unauthorized') return {problem: deadToken(situation, 'unknown', 'personal')};
	return {problem: hostile(situation, 'user', answer)};
}

export type ProjectLookup = {
	/** The longest candidate that answered 200, with GitLab's own name for it. */
	found?: {asked: string; path: string; accessLevel?: number; visibility?: string; emptyRepo?: boolean};
	/** Every candidate answered 404: the token's user cannot see any of them. */
	noneVisible: boolean;
	lacksScope: boolean;
	/** The first answer that was neither 200, 404 nor 403 insufficient_scope. */
	trouble?: {path: string; answer: ApiAnswer};
	lines: string[];
};

/** GET /api/v4/projects/:path for every candidate at once; the longest that answers 200 is the project. */
export async function lookupProject(situation: Situation, headers: Record<string, string>): Promise<ProjectLookup> {
	const {context, apiHost, signal, projects} = situation;
	const answers = await Promise.all(projects.map(path => apiGet(context, apiHost, {path: `projects/${encodeURIComponent(path)}`, headers, signal})));
	const lookup: ProjectLookup = {noneVisible: projects.length > 0, lacksScope: false, lines: []};
	answers.forEach((answer, index) => {
		const path = projects[index]!;
		lookup.lines.push(`${path}: ${describeAnswer('', answer).trim()}`);
		if (answer.kind === 'json' && answer.status === 200) {
			lookup.noneVisible = false;
			if (!lookup.found) {
				const fields = fieldsOf(answer.body);
				const canonical = typeof fields['path_with_namespace'] === 'string' ? fields['path_with_namespace'] : path;
				const level = highestAccessLevel(fields['permissions']);
				const visibility = typeof fields['visibility'] === 'string' ? fields['visibility'] : undefined;
				lookup.found = {
					asked: path,
					path: canonical,
					...(level !== undefined ? {accessLevel: level} : {}),
					...(visibility ? {visibility} : {}),
					...(fields['empty_repo'] === true ? {emptyRepo: true} : {}),
				};
			}
			return;
		}
		if (answer.kind === 'json') {
			const error = apiError(answer.status, answer.body);
			if (error.kind === 'not-found') return;
			lookup.noneVisible = false;
			if (error.kind === 'insufficient-scope') {
				lookup.lacksScope = true;
				return;
			}
		} else {
			lookup.noneVisible = false;
		}
		lookup.trouble ??= {path, answer};
	});
	situation.evidence['projectLookups'] = lookup.lines;
	return lookup;
}

export function highestAccessLevel(permissions: unknown): number | undefined {
	const fields = fieldsOf(permissions);
	const levels = ['project_access', 'group_access']
		.map(key => fieldsOf(fields[key])['access_level'])
		.filter((level): level is number => typeof level === 'number');
	return levels.length > 0 ? Math.max(...levels) : undefined;
}

export type Access = {label: string; data: TokenData; lookup: ProjectLookup | undefined; expiresAt?: string; username?: string | undefined};

export function judgeAccess(situation: Situation, access: Access): Outcome<TokenData> {
	const {host, credential, evidence} = situation;
	const {label, data, lookup} = access;
	const notes = [...userNote(situation, access.username), ...situation.notes];
	const who = access.username ?? "the token's user";
	if (lookup?.found) {
		data.canSeeProject = true;
		data.projectPath = lookup.found.path;
		if (lookup.found.path.toLowerCase() !== lookup.found.asked.toLowerCase()) {
			notes.push(`GitLab knows ${lookup.found.asked} as ${lookup.found.path} now (moved or renamed): the module path should use the new name.`);
		}
	} else if (lookup?.noneVisible) {
		data.canSeeProject = false;
		const tried = situation.projects;
		return {
			status: 'fail',
			reason: 'token-no-project-access',
			summary: `the ${label} is valid, but ${who} cannot see ${tried[0]} on ${host}${tried.length > 1 ? ' (nor any project above it)' : ''}`,
			details: [
				`GitLab answered 404 for ${tried.join(', ')}: the project does not exist under that path, or ${who} is not a member of it.`,
				'GitLab then answers ?go-get=1 with 404 (before 17.3: the first two path elements), and git with "repository not found".',
				'If the project was moved or renamed, use its new path in the module path.',
				...notes,
			],
			evidence,
			fixes: [{title: `Ask a maintainer of the project for Reporter access (or higher) for ${who}: Guest is not enough for git to clone a private project`, commands: [], safe: false}],
			data,
		};
	} else if (lookup?.trouble) {
		return hostile(situation, `projects/${encodeURIComponent(lookup.trouble.path)}`, lookup.trouble.answer, data);
	}

	const warnings: string[] = [];
	// The stable code of each warning, in step with warnings (JSON `reason`).
	const warningCodes: string[] = [];
	const fixes: Fix[] = [];
	const reporter = 20;
	if (lookup?.found?.accessLevel !== undefined && lookup.found.accessLevel < reporter && lookup.found.visibility !== 'public') {
		warningCodes.push('token-guest-only');
		warnings.push(`${who} is only a Guest of ${lookup.found.path}: go-get discovery works, but git needs Reporter access to clone a ${lookup.found.visibility ?? 'private'} project`);
		fixes.push({title: `Ask a maintainer of ${lookup.found.path} for Reporter access (or higher) for ${who}`, commands: [], safe: false});
	}
	if (lookup?.found?.emptyRepo) {
		warningCodes.push('project-empty-repository');
		warnings.push(`${lookup.found.path} has no repository yet: GitLab answers ?go-get=1 for it with 404 until something is pushed (docs/gitlab.md §1.3)`);
	}
	if (access.expiresAt) {
		const days = daysUntil(access.expiresAt, situation.today);
		if (days !== undefined && days <= 0) {
			return deadToken(situation, 'expired', data.kind);
		}
		if (days !== undefined && days <= warnWithinDays) {
			warningCodes.push('token-expires-soon');
			warnings.push(`it stops working ${days === 1 ? 'tomorrow' : `in ${days} days`} (expires ${access.expiresAt}; GitLab treats it as expired from 00:00 UTC that day)`);
			fixes.push({...replaceTokenFix(host, credential), title: `Before ${access.expiresAt}: ${replaceTokenFix(host, credential).title}`});
		}
	}
	// Without a list of scopes, reading the project through the API proves api or read_api (the route's scopes).
	const sees = data.projectPath ? (data.scopes ? `, sees ${data.projectPath}` : ` can read ${data.projectPath} through the API, so it has api or read_api`) : '';
	const scopes = data.scopes ? `: ${data.scopes.join(', ')}` : '';
	if (warnings.length > 0) {
		return {status: 'warn', reason: warningCodes[0], summary: `the ${label}${scopes}${sees}, but ${warnings[0]}`, details: [...warnings.slice(1), ...notes], evidence, fixes, data};
	}
	return {status: 'pass', summary: `the ${label}${scopes}${sees}`, details: notes, evidence, data};
}

/** Whole calendar days (UTC) from today to a `YYYY-MM-DD` date. */
export function daysUntil(date: string, today: Date): number | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!match) return undefined;
	const target = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
	return Math.round((target - start) / dayMs);
}

export function userNote(situation: Situation, username: string | undefined): string[] {
	const login = situation.credential.login;
	if (!username || login === username) return [];
	return [`The .netrc login is "${login}", but the token belongs to ${username}: GitLab ignores the login for personal access tokens, so this does no harm (docs/gitlab.md §1.6).`];
}
