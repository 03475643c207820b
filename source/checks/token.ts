// token: is the credential Go sends to the host (the .netrc entry Go picks) a live personal access token with
// read_api or api, and can its user see the project? Asked of GitLab's REST API with PRIVATE-TOKEN, never with
// Basic, only to the module's host over HTTPS (gitlab-behaviour.md §1.6, §2; go-behaviour.md §1.4).
import {hostOfUrl} from '../rules/hosts.js';
import {replaceTokenFix} from '../fixes/builders.js';
import type {GoEnvData, ModulePathData, NetrcCredential, TokenData} from '../engine/check-data.js';
import {maskSecret} from '../engine/redact.js';
import {defineCheck, type CheckContext, type Fix, type ModuleTarget, type Outcome} from '../engine/types.js';
import {hostOf} from '../rules/module-path.js';
import {apiError, apiGet, describeBody, failureText, fieldsOf, gitlabPrefixOf, isDeployLogin, projectCandidates, statusLine, unusablePrefixes, type ApiAnswer} from './gitlab-api.js';
import {credentialPlace, goCredentialFor} from './netrc-files.js';

/** Scopes that give the read_project ability GitLab's go-get middleware asks for (§1.6). */
const discoveryScopes = ['api', 'read_api'];
/** Scopes that let git clone over HTTPS (§5.1). */
const gitScopes = ['api', 'read_api', 'read_repository', 'write_repository'];
/** Scopes /api/v4/user accepts (§2.4). */
const userScopes = ['api', 'read_api', 'read_user'];
const warnWithinDays = 7;
const dayMs = 24 * 60 * 60 * 1000;

type Situation = {
	context: CheckContext;
	signal: AbortSignal;
	host: string;
	/** Where GitLab's API lives: the host, or host/ROOT for a GitLab under a relative URL root. */
	apiHost: string;
	credential: NetrcCredential;
	modulePath: ModuleTarget;
	/** Project paths to ask about, longest first. */
	projects: string[];
	/** True when Go skips discovery (VCS qualifier): then git's read_repository is enough. */
	qualified: boolean;
	today: Date;
	evidence: Record<string, unknown>;
	notes: string[];
};

export function createTokenCheck(options: {today?: () => Date} = {}) {
	const today = options.today ?? (() => new Date());
	return defineCheck({
		id: 'token',
		title: 'GitLab token',
		needs: ['https'],
		startsBeside: ['https'],
		after: ['go-env', 'module-path'],
		reads: ['netrc-file'],
		local: false,
		// Up to four dependent round trips: /self, the relative-root retry or the Bearer probe, then /user and the project.
		timeLimitMs: runOptions => runOptions.timeoutMs * 4 + 2000,
		waitingFor: runOptions => hostOf(runOptions.module),
		async run(context, upstream, signal): Promise<Outcome<TokenData>> {
			const modulePath = context.target;
			const host = modulePath.host;
			const go = await goCredentialFor(context, upstream.data('go-env'), host);
			if (!go.credential) {
				return {
					status: 'skip',
					summary: `Go sends no credentials for ${host}`,
					details: [
						...(go.note ? [go.note] : []),
						'Nothing to check: without a .netrc entry for the host, Go asks GitLab anonymously (the netrc and go-get discovery steps say whether that is enough).',
					],
				};
			}
			const credential = go.credential;
			context.secrets.add(credential.password);
			const qualifier = modulePath.qualifier;
			const projects = qualifier
				? projectCandidates(host, [qualifier.repo])
				: projectCandidates(host, modulePath.candidates);
			const situation: Situation = {
				context,
				signal,
				host,
				apiHost: host,
				credential,
				modulePath,
				projects,
				qualified: qualifier !== undefined,
				today: today(),
				evidence: {netrcEntry: `${credentialPlace(credential)}: machine ${host} login ${credential.login} password ${maskSecret(credential.password)}`},
				notes: qualifier ? ['The module path carries a VCS qualifier: Go makes no ?go-get=1 request, and git needs only read_repository.'] : [],
			};
			const prefix = gitlabPrefixOf(credential.password);
			const unusable = prefix ? unusablePrefixes[prefix] : undefined;
			if (unusable) return unusableToken(situation, unusable);
			if (prefix === 'gldt' || isDeployLogin(credential.login)) return deployToken(situation);
			if (prefix === 'glcbt' || credential.login === 'gitlab-ci-token') return jobToken(situation);
			return personalOrOther(situation, prefix === 'glpat');
		},
	});
}

export const tokenCheck = createTokenCheck();

function unusableToken(situation: Situation, name: string): Outcome<TokenData> {
	const {host, credential} = situation;
	return {
		status: 'fail',
		summary: `the password in ${credentialPlace(credential)} is ${name} (${maskSecret(credential.password)}), which GitLab accepts neither for go-get nor for git`,
		details: ['GitLab authenticates Go and git over HTTPS with a personal access token (or a CI job, deploy or OAuth token); other token types are for other purposes (gitlab-behaviour.md §1.6, §2.6).'],
		evidence: situation.evidence,
		fixes: [replaceTokenFix(host, credential)],
		data: {kind: 'unknown'},
	};
}

// --- personal access tokens (and what turns out to be an OAuth token or a password) ---

async function personalOrOther(situation: Situation, looksPersonal: boolean): Promise<Outcome<TokenData>> {
	const {context, host, credential, signal} = situation;
	let self = await apiGet(context, host, {path: 'personal_access_tokens/self', headers: {'PRIVATE-TOKEN': credential.password}, signal});
	situation.evidence['tokenSelf'] = describeAnswer('GET /api/v4/personal_access_tokens/self (PRIVATE-TOKEN)', self);
	const rooted = self.kind === 'not-json' && self.status === 404 ? await underRelativeRoot(situation) : undefined;
	if (rooted) self = rooted;
	if (self.kind !== 'json') return hostile(situation, 'personal_access_tokens/self', self);
	if (self.status === 200) return personalToken(situation, fieldsOf(self.body));
	const error = apiError(self.status, self.body);
	switch (error.kind) {
		case 'expired':
		case 'revoked':
		case 'impersonation-disabled':
			return deadToken(situation, error.kind, 'personal');
		case 'no-such-route':
			return beforeSelfEndpoint(situation);
		case 'not-a-pat':
			return oauthToken(situation);
		case 'unauthorized':
			if (looksPersonal) return deadToken(situation, 'unknown', 'personal');
			return notAPersonalToken(situation);
		default:
			return hostile(situation, 'personal_access_tokens/self', self);
	}
}

/**
 * A GitLab under a relative URL root (https://HOST/ROOT) has no API at https://HOST/api/v4: the first path element of
 * the module path may be that root (gitlab-behaviour.md §1.4). Asked once, with the same header, on the same host.
 */
async function underRelativeRoot(situation: Situation): Promise<ApiAnswer | undefined> {
	const {context, host, credential, signal} = situation;
	const root = situation.projects[0]?.split('/')[0];
	if (!root || (situation.projects[0]?.split('/').length ?? 0) < 3) return undefined;
	const answer = await apiGet(context, `${host}/${root}`, {path: 'personal_access_tokens/self', headers: {'PRIVATE-TOKEN': credential.password}, signal});
	if (answer.kind !== 'json') return undefined;
	situation.apiHost = `${host}/${root}`;
	situation.projects = situation.projects.filter(path => path.startsWith(`${root}/`) && path.split('/').length >= 3).map(path => path.slice(root.length + 1));
	situation.evidence['tokenSelf'] = describeAnswer(`GET /${root}/api/v4/personal_access_tokens/self (PRIVATE-TOKEN)`, answer);
	situation.notes.push(`GitLab's API answers under https://${host}/${root}/: this GitLab lives under the relative URL root /${root}.`);
	return answer;
}

/** No glpat- prefix and PRIVATE-TOKEN does not know it: an OAuth token (as Bearer), or an account password. */
async function notAPersonalToken(situation: Situation): Promise<Outcome<TokenData>> {
	const {context, credential, signal} = situation;
	const bearer = await apiGet(context, situation.apiHost, {path: 'personal_access_tokens/self', headers: {Authorization: `Bearer ${credential.password}`}, signal});
	situation.evidence['tokenSelfBearer'] = describeAnswer('GET /api/v4/personal_access_tokens/self (Bearer)', bearer);
	if (bearer.kind === 'json') {
		const error = bearer.status === 200 ? undefined : apiError(bearer.status, bearer.body);
		if (bearer.status === 200) return personalToken(situation, fieldsOf(bearer.body));
		if (error?.kind === 'not-a-pat') return oauthToken(situation);
		if (error?.kind === 'expired' || error?.kind === 'revoked') return deadToken(situation, error.kind, 'oauth');
	}
	return password(situation);
}

function password(situation: Situation): Outcome<TokenData> {
	const {host, credential} = situation;
	return {
		status: 'warn',
		summary: `${credentialPlace(credential)} holds no token GitLab knows (${maskSecret(credential.password)}): if it is ${credential.login}'s account password, it works only while GitLab allows passwords for Git over HTTPS`,
		details: [
			'GitLab accepts an account password from Go and git only while "Allow password authentication for Git over HTTP(S)" is on, and never for a user with two-factor authentication (gitlab-behaviour.md §1.6).',
			'If it is meant to be a token, GitLab does not know it: it was deleted, mistyped, or belongs to another GitLab.',
			'The go-get discovery step shows whether GitLab accepts it today; a personal access token with read_api keeps working when either setting changes.',
			...situation.notes,
		],
		evidence: situation.evidence,
		fixes: [replaceTokenFix(host, credential)],
		data: {kind: 'password'},
	};
}

function deadToken(situation: Situation, why: 'expired' | 'revoked' | 'impersonation-disabled' | 'unknown', kind: TokenData['kind']): Outcome<TokenData> {
	const {host, credential} = situation;
	const token = maskSecret(credential.password);
	const where = credentialPlace(credential);
	const summaries = {
		expired: `the token Go sends (${token}, ${where}) has expired`,
		revoked: `the token Go sends (${token}, ${where}) has been revoked`,
		'impersonation-disabled': `the token Go sends (${token}, ${where}) is an impersonation token, and impersonation is disabled on ${host}`,
		unknown: `GitLab does not know the token Go sends (${token}, ${where}): it was deleted, mistyped, or belongs to another GitLab`,
	};
	return {
		status: 'fail',
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

type SelfInfo = {name?: string; scopes?: string[]; expiresAt?: string; userId?: number};

function readSelf(fields: Record<string, unknown>): SelfInfo | undefined {
	const scopes = fields['scopes'];
	if (!Array.isArray(scopes) || !scopes.every(scope => typeof scope === 'string')) return undefined;
	const info: SelfInfo = {scopes: scopes as string[]};
	if (typeof fields['name'] === 'string') info.name = fields['name'];
	if (typeof fields['expires_at'] === 'string') info.expiresAt = fields['expires_at'];
	if (typeof fields['user_id'] === 'number') info.userId = fields['user_id'];
	return info;
}

async function personalToken(situation: Situation, fields: Record<string, unknown>): Promise<Outcome<TokenData>> {
	const {host, credential, evidence} = situation;
	const info = readSelf(fields);
	if (!info) {
		return {
			status: 'fail',
			summary: `${host} answered /api/v4/personal_access_tokens/self with JSON that does not describe a token`,
			details: ['GitLab answers with the token\'s name, scopes and expiry date. Something else answers for GitLab here, or a proxy changes the answer.'],
			evidence,
			data: {kind: 'unknown'},
		};
	}
	const scopes = info.scopes ?? [];
	evidence['scopes'] = scopes.join(', ') || '(none)';
	evidence['expiresAt'] = info.expiresAt ?? 'never';
	if (info.name) evidence['tokenName'] = info.name;
	const canRead = scopes.some(scope => discoveryScopes.includes(scope));
	const [user, lookup] = await Promise.all([
		scopes.some(scope => userScopes.includes(scope)) ? currentUser(situation, {'PRIVATE-TOKEN': credential.password}) : Promise.resolve(undefined),
		canRead ? lookupProject(situation, {'PRIVATE-TOKEN': credential.password}) : Promise.resolve(undefined),
	]);
	const data: TokenData = {kind: 'personal', scopes, ...(info.expiresAt ? {expiresAt: info.expiresAt} : {}), ...(user?.username ? {username: user.username} : {})};
	const label = `personal access token${info.name ? ` "${info.name}"` : ''}${user?.username ? ` of ${user.username}` : ''}`;
	if (user?.problem) return user.problem;

	// Scopes (§1.6): go-get discovery needs read_project, which only api and read_api give.
	if (!canRead && !(situation.qualified && scopes.some(scope => gitScopes.includes(scope)))) {
		const gitOnly = scopes.some(scope => gitScopes.includes(scope));
		return {
			status: 'fail',
			summary: gitOnly
				? `the ${label} has ${scopes.join(', ')} but not read_api: git can clone with it, but GitLab's go-get discovery cannot see the project`
				: `the ${label} has ${scopes.join(', ') || 'no scopes'}: neither go-get discovery nor git accepts it (read_api is needed)`,
			details: [
				'GitLab answers ?go-get=1 for a private project only when the credentials give the read_project ability, which only the api and read_api scopes grant (gitlab-behaviour.md §1.6).',
				gitOnly
					? 'With read_repository alone GitLab answers 404 (before 17.3: the first two path elements), so go get fails before git ever runs; for a project in a subgroup Go asks git for the wrong repository.'
					: 'git needs read_repository, read_api or api.',
				'Scopes cannot be added to an existing token: create a new one.',
				...userNote(situation, user?.username),
				...situation.notes,
			],
			evidence,
			fixes: [replaceTokenFix(host, credential)],
			data,
		};
	}
	return judgeAccess(situation, {label, data, lookup, expiresAt: info.expiresAt, username: user?.username});
}

/** GitLab before 15.5 has no /personal_access_tokens/self: ask /user and the project instead, and say what is unknown. */
async function beforeSelfEndpoint(situation: Situation): Promise<Outcome<TokenData>> {
	const {credential, evidence} = situation;
	const headers = {'PRIVATE-TOKEN': credential.password};
	const [user, lookup] = await Promise.all([currentUser(situation, headers), lookupProject(situation, headers)]);
	situation.notes.push('This GitLab has no /api/v4/personal_access_tokens/self (it came in 15.5): the token\'s scopes and expiry date cannot be read here, only what it can do.');
	evidence['scopes'] = 'unknown (GitLab before 15.5)';
	if (user.problem) return user.problem;
	const data: TokenData = {kind: 'personal', ...(user.username ? {username: user.username} : {})};
	const label = `token${user.username ? ` of ${user.username}` : ''}`;
	if (user.lacksScope || lookup.lacksScope) {
		return {
			status: 'fail',
			summary: `the ${label} has neither read_api nor api: GitLab refused ${user.lacksScope ? '/api/v4/user' : 'the project API'} for lack of scope (403 insufficient_scope)`,
			details: [
				'GitLab answers ?go-get=1 for a private project only when the credentials give the read_project ability, which only the api and read_api scopes grant (gitlab-behaviour.md §1.6).',
				'Scopes cannot be added to an existing token: create a new one.',
				...situation.notes,
			],
			evidence,
			fixes: [replaceTokenFix(situation.host, credential)],
			data,
		};
	}
	return judgeAccess(situation, {label, data, lookup, username: user.username});
}

async function oauthToken(situation: Situation): Promise<Outcome<TokenData>> {
	const {credential, evidence} = situation;
	const headers = {Authorization: `Bearer ${credential.password}`};
	const [user, lookup] = await Promise.all([currentUser(situation, headers), lookupProject(situation, headers)]);
	if (user.problem) return {...user.problem, data: {...user.problem.data, kind: 'oauth'} as TokenData};
	const data: TokenData = {kind: 'oauth', ...(user.username ? {username: user.username} : {})};
	situation.notes.push('GitLab cannot list an OAuth token\'s scopes here; go-get discovery needs api or read_api.');
	const outcome = judgeAccess(situation, {label: `OAuth token${user.username ? ` of ${user.username}` : ''}`, data, lookup, username: user.username});
	if (outcome.status === 'fail') return outcome;
	return {
		...outcome,
		status: 'warn',
		summary: `${outcome.summary}; but it is an OAuth access token, which GitLab lets live only two hours`,
		details: ['GitLab (15.0 and later) expires OAuth access tokens after two hours, so this .netrc entry stops working soon; a personal access token with read_api is the durable choice.', ...(outcome.details ?? [])],
		evidence,
		fixes: [replaceTokenFix(situation.host, credential)],
	};
}

type UserAnswer = {username?: string; lacksScope?: boolean; problem?: Outcome<TokenData>};

async function currentUser(situation: Situation, headers: Record<string, string>): Promise<UserAnswer> {
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

type ProjectLookup = {
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
async function lookupProject(situation: Situation, headers: Record<string, string>): Promise<ProjectLookup> {
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

function highestAccessLevel(permissions: unknown): number | undefined {
	const fields = fieldsOf(permissions);
	const levels = ['project_access', 'group_access']
		.map(key => fieldsOf(fields[key])['access_level'])
		.filter((level): level is number => typeof level === 'number');
	return levels.length > 0 ? Math.max(...levels) : undefined;
}

type Access = {label: string; data: TokenData; lookup: ProjectLookup | undefined; expiresAt?: string; username?: string | undefined};

function judgeAccess(situation: Situation, access: Access): Outcome<TokenData> {
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
	const fixes: Fix[] = [];
	const reporter = 20;
	if (lookup?.found?.accessLevel !== undefined && lookup.found.accessLevel < reporter && lookup.found.visibility !== 'public') {
		warnings.push(`${who} is only a Guest of ${lookup.found.path}: go-get discovery works, but git needs Reporter access to clone a ${lookup.found.visibility ?? 'private'} project`);
		fixes.push({title: `Ask a maintainer of ${lookup.found.path} for Reporter access (or higher) for ${who}`, commands: [], safe: false});
	}
	if (lookup?.found?.emptyRepo) {
		warnings.push(`${lookup.found.path} has no repository yet: GitLab answers ?go-get=1 for it with 404 until something is pushed (gitlab-behaviour.md §1.3)`);
	}
	if (access.expiresAt) {
		const days = daysUntil(access.expiresAt, situation.today);
		if (days !== undefined && days <= 0) {
			return deadToken(situation, 'expired', data.kind);
		}
		if (days !== undefined && days <= warnWithinDays) {
			warnings.push(`it stops working ${days === 1 ? 'tomorrow' : `in ${days} days`} (expires ${access.expiresAt}; GitLab treats it as expired from 00:00 UTC that day)`);
			fixes.push({...replaceTokenFix(host, credential), title: `Before ${access.expiresAt}: ${replaceTokenFix(host, credential).title}`});
		}
	}
	// Without a list of scopes, reading the project through the API proves api or read_api (the route's scopes).
	const sees = data.projectPath ? (data.scopes ? `, sees ${data.projectPath}` : ` can read ${data.projectPath} through the API, so it has api or read_api`) : '';
	const scopes = data.scopes ? `: ${data.scopes.join(', ')}` : '';
	if (warnings.length > 0) {
		return {status: 'warn', summary: `the ${label}${scopes}${sees}, but ${warnings[0]}`, details: [...warnings.slice(1), ...notes], evidence, fixes, data};
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

function userNote(situation: Situation, username: string | undefined): string[] {
	const login = situation.credential.login;
	if (!username || login === username) return [];
	return [`The .netrc login is "${login}", but the token belongs to ${username}: GitLab ignores the login for personal access tokens, so this does no harm (gitlab-behaviour.md §1.6).`];
}

// --- deploy and CI job tokens: /personal_access_tokens/self does not accept them ---

async function deployToken(situation: Situation): Promise<Outcome<TokenData>> {
	const {host, credential, evidence} = situation;
	const data: TokenData = {kind: 'deploy', username: credential.login};
	// Anonymous: is the project public? Then GitLab ignores the deploy token for go-get.
	const lookup = await lookupPublic(situation);
	const why = [
		'Deploy tokens never carry the read_project ability, so GitLab\'s go-get middleware treats them as no access: 404 (before 17.3: the first two path elements). git clone works with them, discovery does not (gitlab-behaviour.md §1.6).',
		...situation.notes,
	];
	if (lookup) {
		data.canSeeProject = true;
		data.projectPath = lookup;
		return {
			status: 'pass',
			summary: `a deploy token (${credential.login}); ${lookup} is public, so go-get discovery needs no credentials`,
			details: [`GitLab answers ?go-get=1 for a public project whatever credentials come with it. For a private project this entry would not work.`, ...why],
			evidence,
			data,
		};
	}
	if (situation.qualified) {
		return {
			status: 'pass',
			summary: `a deploy token (${credential.login}): with the VCS qualifier only git uses it, and git accepts deploy tokens with read_repository`,
			details: why,
			evidence,
			data,
		};
	}
	return {
		status: 'fail',
		summary: `the entry Go sends for ${host} is a deploy token (${credential.login}, ${maskSecret(credential.password)}): GitLab's go-get discovery does not accept deploy tokens for a private project`,
		details: why,
		evidence,
		fixes: [
			replaceTokenFix(host, credential, 'a personal access token (or a project access token) with the read_api scope'),
			{title: 'Or keep the deploy token for git and skip discovery: add the .git qualifier to the module path', commands: [], safe: false},
		],
		data,
	};
}

async function lookupPublic(situation: Situation): Promise<string | undefined> {
	const {context, apiHost, signal, projects} = situation;
	const answers = await Promise.all(projects.map(path => apiGet(context, apiHost, {path: `projects/${encodeURIComponent(path)}`, signal})));
	situation.evidence['anonymousProjectLookups'] = answers.map((answer, index) => `${projects[index]}: ${describeAnswer('', answer).trim()}`);
	const index = answers.findIndex(answer => answer.kind === 'json' && answer.status === 200);
	if (index < 0) return undefined;
	const answer = answers[index] as Extract<ApiAnswer, {kind: 'json'}>;
	const canonical = fieldsOf(answer.body)['path_with_namespace'];
	return typeof canonical === 'string' ? canonical : projects[index];
}

async function jobToken(situation: Situation): Promise<Outcome<TokenData>> {
	const {credential, evidence} = situation;
	const data: TokenData = {kind: 'job'};
	const note = [
		'A CI/CD job token works for go-get discovery and for git inside its job, as the job\'s user; it does not work through GitLab\'s Go proxy (GOPROXY=…/packages/go), nor on a Geo secondary, and it dies when the job ends (gitlab-behaviour.md §1.6, §3.2, §4).',
		'/api/v4/personal_access_tokens/self does not accept job tokens, so its scopes and expiry cannot be read.',
		...situation.notes,
	];
	const lookup = await lookupProject(situation, {'JOB-TOKEN': credential.password});
	if (lookup.found) {
		data.canSeeProject = true;
		data.projectPath = lookup.found.path;
		return {status: 'pass', summary: `a CI job token (${credential.login}); the job can see ${lookup.found.path}`, details: note, evidence, data};
	}
	if (lookup.noneVisible) {
		data.canSeeProject = false;
		return {
			status: 'warn',
			summary: `a CI job token (${credential.login}), but GitLab answered 404 for ${situation.projects[0]} with it`,
			details: [
				'The job\'s user may not be a member of the project, or the project does not let this project\'s job token in (Settings > CI/CD > Job token permissions, the allowlist).',
				...note,
			],
			evidence,
			data,
		};
	}
	return {
		status: 'warn',
		summary: `a CI job token (${credential.login}): it cannot be checked here (${lookup.trouble ? shortAnswer(lookup.trouble.answer) : 'no answer'})`,
		details: ['GitLab answers 401 when the job has ended (its token with it), or when this GitLab does not take job tokens on the projects API.', ...note],
		evidence,
		data,
	};
}

// --- answers that are not GitLab's ---

function hostile(situation: Situation, path: string, answer: ApiAnswer, data: TokenData = {kind: 'unknown'}): Outcome<TokenData> {
	const {host, evidence} = situation;
	const endpoint = `https://${host}/api/v4/${path}`;
	// go never calls the REST API: when only the API is broken the token may still work, so this cannot fail the run
	// (the go-get discovery step fails when go-get meets the same trouble).
	if (answer.kind === 'failure') {
		const seconds = situation.context.options.timeoutMs / 1000;
		return {
			status: 'warn',
			summary: `cannot check the token: ${answer.failure.message}`,
			details: [
				`The request was ${endpoint}. Go itself never asks the API, so the go-get discovery step says whether go get meets the same trouble.`,
				...(answer.failure.kind === 'timeout' ? [`If GitLab is only slow, allow more time with --timeout (the limit was ${seconds} s).`] : []),
			],
			evidence: {...evidence, failure: failureText(answer.failure)},
			fixes: answer.failure.kind === 'timeout' ? [{title: 'Run the checks again with a longer limit', commands: [`gitlab-go-check ${situation.context.options.module} --timeout ${Math.max(30, seconds * 3)}`], safe: false}] : [],
			data,
		};
	}
	const response = answer.response;
	const what = answer.kind === 'not-json' ? answer.what : 'JSON GitLab does not send there';
	const otherHost = hostOfUrl(response.url) !== host ? ` from ${hostOfUrl(response.url)}` : '';
	const serverError = response.status >= 500;
	return {
		status: 'warn',
		summary: serverError
			? `cannot check the token: GitLab's API at ${host} answered ${statusLine(response)} (the server, or a proxy in front of it, has a problem)`
			: `cannot check the token: ${endpoint} answered ${statusLine(response)} with ${what}${otherHost}, not GitLab's JSON`,
		details: [
			serverError
				? 'Try again later, or tell the GitLab administrators.'
				: 'GitLab\'s API answers with JSON. An HTML page here is usually a single-sign-on login page, a captive portal or a proxy\'s block page.',
			'Go itself never asks the API: the go-get discovery step says whether go get meets the same trouble.',
		],
		evidence: {...evidence, answer: `${statusLine(response)} ${response.headers['content-type'] ?? '(no content type)'}${otherHost}`},
		fixes: serverError ? [] : [{title: `Open https://${host}/ in a browser on this machine: sign in to the network or the page it shows, then run this check again`, commands: [], safe: false}],
		data,
	};
}

function describeAnswer(request: string, answer: ApiAnswer): string {
	return `${request} → ${shortAnswer(answer)}`;
}

function shortAnswer(answer: ApiAnswer): string {
	if (answer.kind === 'failure') return answer.failure.message;
	const status = statusLine(answer.response);
	if (answer.kind === 'not-json') return `${status}, ${describeBody(answer.response)}`;
	if (answer.status === 200) return status;
	const body = answer.response.body.length > 200 ? `${answer.response.body.slice(0, 200)}…` : answer.response.body;
	return `${status} ${body}`.trim();
}

