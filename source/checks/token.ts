// token: is the credential Go sends to the host (the .netrc entry Go picks) a live personal access token with
// read_api or api, and can its user see the project? Asked of GitLab's REST API with PRIVATE-TOKEN, never with
// Basic, only to the module's host over HTTPS (docs/gitlab.md §1.6, §2; docs/go.md §1.4).
import {replaceTokenFix} from '../fixes/builders.js';
import type {NetrcCredential, TokenData} from '../engine/check-data.js';
import {maskSecret} from '../engine/redact.js';
import {defineCheck, type CheckContext, type Outcome} from '../engine/types.js';
import {eachUpstream} from '../engine/upstream-each.js';
import type {Http, HttpResult} from '../system/types.js';
import {hostOf} from '../rules/module-path.js';
import {apiError, apiGet, fieldsOf, gitlabPrefixOf, isDeployLogin, projectCandidates, unusablePrefixes, type ApiAnswer} from './gitlab-api.js';
import {credentialPlace, goCredentialFor} from './netrc-files.js';
import {discoveryScopes, gitScopes, userScopes, type Situation} from './token-situation.js';
import {deadToken, currentUser, lookupProject, judgeAccess, userNote} from './token-access.js';
import {hostile, describeAnswer} from './token-answers.js';
import {deployToken, jobToken} from './token-deploy-job.js';

export function createTokenCheck(options: {today?: () => Date} = {}) {
	const today = options.today ?? (() => new Date());
	return defineCheck({
		id: 'token',
		// One step per host in repository mode, judging the token for each of its modules (see run).
		scope: 'host',
		title: 'GitLab token',
		needs: ['https'],
		startsBeside: ['https'],
		after: ['go-env', 'module-path'],
		reads: ['netrc-file'],
		local: false,
		// The token for the GitLab host matters only when go reaches the direct route.
		route: 'direct',
		// Up to four dependent round trips: /self, the relative-root retry or the Bearer probe, then /user and the project.
		timeLimitMs: runOptions => runOptions.timeoutMs * 4 + 2000,
		waitingFor: runOptions => hostOf(runOptions.module),
		async run(context, upstream, signal): Promise<Outcome<TokenData>> {
			// Shared by the modules on the host (repository mode): the token is judged for each module go fetches
			// directly, GitLab asked each question once, and hostOutcome makes one answer of theirs, whichever module
			// came first.
			const host = context.target.host;
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
			const modules = eachUpstream(upstream, 'module-path', context.target).map(entry => entry.target);
			const only = modules[0];
			if (modules.length < 2) return judgeToken(only && only !== context.target ? {...context, target: only} : context, credential, signal, today());
			const shared = withSharedAnswers(context);
			const outcomes = await Promise.all(modules.map(target => judgeToken({...shared, target}, credential, signal, today())));
			return hostOutcome(outcomes, modules.map(target => target.module));
		},
	});
}

export const tokenCheck = createTokenCheck();

const severity = {skip: 0, pass: 1, warn: 2, fail: 3} as const;

/**
 * One answer for the host from each module's. It fails only when it fails for every module: what fails for some
 * (a project the token's user cannot see) is theirs, and their own steps (go-get discovery, git ls-remote) fail with
 * it, so the host warns and names them rather than failing the modules beside them. Otherwise the worst stands; when
 * the answers differ, its summary names the module it is about.
 */
function hostOutcome(outcomes: Array<Outcome<TokenData>>, modules: string[]): Outcome<TokenData> {
	let worst = 0;
	outcomes.forEach((outcome, index) => {
		if (severity[outcome.status] > severity[outcomes[worst]!.status]) worst = index;
	});
	const chosen = outcomes[worst]!;
	if (outcomes.every(outcome => outcome.status === chosen.status && outcome.summary === chosen.summary)) return chosen;
	// The modules the worst answer is about (all of them: none named).
	const concerned = modules.filter((_module, index) => outcomes[index]!.status === chosen.status);
	const others = concerned.length > 1 ? ` (and ${concerned.length - 1} more of its modules)` : '';
	const concerns = concerned.length < modules.length ? {concerns: concerned} : {};
	if (chosen.status === 'fail' && concerned.length < modules.length) {
		return {
			...chosen,
			status: 'warn',
			summary: `${modules[worst]}${others}: ${chosen.summary}`,
			details: [`The token works for the other modules on ${modules[worst]!.split('/')[0]}; the steps of ${concerned.length > 1 ? 'these modules' : 'this module'} fail with it.`, ...(chosen.details ?? [])],
			...concerns,
		};
	}
	return {...chosen, summary: `${modules[worst]}${others}: ${chosen.summary}`, ...concerns};
}

/** The same GitLab answer for the same request within one step: /self once for every module on the host. */
function withSharedAnswers(context: CheckContext): CheckContext {
	const answers = new Map<string, Promise<HttpResult>>();
	let http: Promise<Http> | undefined;
	const shared = async (): Promise<Http> => {
		const real = await context.system.http();
		return {
			...real,
			get: request => {
				const key = JSON.stringify([request.url, request.headers ?? {}]);
				let answer = answers.get(key);
				if (!answer) answers.set(key, (answer = real.get(request)));
				return answer;
			},
		};
	};
	return {...context, system: {...context.system, http: () => (http ??= shared())}};
}

/** The credential Go sends, judged for one module (its project is the one looked up). */
async function judgeToken(context: CheckContext, credential: NetrcCredential, signal: AbortSignal, today: Date): Promise<Outcome<TokenData>> {
	const modulePath = context.target;
	const host = modulePath.host;
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
		today,
		evidence: {netrcEntry: `${credentialPlace(credential)}: machine ${host} login ${credential.login} password ${maskSecret(credential.password)}`},
		notes: qualifier ? ['The module path carries a VCS qualifier: Go makes no ?go-get=1 request, and git needs only read_repository.'] : [],
	};
	const prefix = gitlabPrefixOf(credential.password);
	const unusable = prefix ? unusablePrefixes[prefix] : undefined;
	if (unusable) return unusableToken(situation, unusable);
	if (prefix === 'gldt' || isDeployLogin(credential.login)) return deployToken(situation);
	if (prefix === 'glcbt' || credential.login === 'gitlab-ci-token') return jobToken(situation);
	return personalOrOther(situation, prefix === 'glpat');
}

function unusableToken(situation: Situation, name: string): Outcome<TokenData> {
	const {host, credential} = situation;
	return {
		status: 'fail',
		reason: 'token-wrong-type',
		summary: `the password in ${credentialPlace(credential)} is ${name} (${maskSecret(credential.password)}), which GitLab accepts neither for go-get nor for git`,
		details: ['GitLab authenticates Go and git over HTTPS with a personal access token (or a CI job, deploy or OAuth token); other token types are for other purposes (docs/gitlab.md §1.6, §2.6).'],
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
 * the module path may be that root (docs/gitlab.md §1.4). Asked once, with the same header, on the same host.
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
		reason: 'token-account-password',
		summary: `${credentialPlace(credential)} holds no token GitLab knows (${maskSecret(credential.password)}): if it is ${credential.login}'s account password, it works only while GitLab allows passwords for Git over HTTPS`,
		details: [
			'GitLab accepts an account password from Go and git only while "Allow password authentication for Git over HTTP(S)" is on, and never for a user with two-factor authentication (docs/gitlab.md §1.6).',
			'If it is meant to be a token, GitLab does not know it: it was deleted, mistyped, or belongs to another GitLab.',
			'The go-get discovery step shows whether GitLab accepts it today; a personal access token with read_api keeps working when either setting changes.',
			...situation.notes,
		],
		evidence: situation.evidence,
		fixes: [replaceTokenFix(host, credential)],
		data: {kind: 'password'},
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
			reason: 'token-answer-not-token',
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

	// Scopes (docs/gitlab.md §1.6): go-get discovery needs read_project, which only api and read_api give.
	if (!canRead && !(situation.qualified && scopes.some(scope => gitScopes.includes(scope)))) {
		const gitOnly = scopes.some(scope => gitScopes.includes(scope));
		return {
			status: 'fail',
			reason: 'token-no-read-api',
			summary: gitOnly
				? `the ${label} has ${scopes.join(', ')} but not read_api: git can clone with it, but GitLab's go-get discovery cannot see the project`
				: `the ${label} has ${scopes.join(', ') || 'no scopes'}: neither go-get discovery nor git accepts it (read_api is needed)`,
			details: [
				'GitLab answers ?go-get=1 for a private project only when the credentials give the read_project ability, which only the api and read_api scopes grant (docs/gitlab.md §1.6).',
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
			reason: 'token-no-read-api',
			summary: `the ${label} has neither read_api nor api: GitLab refused ${user.lacksScope ? '/api/v4/user' : 'the project API'} for lack of scope (403 insufficient_scope)`,
			details: [
				'GitLab answers ?go-get=1 for a private project only when the credentials give the read_project ability, which only the api and read_api scopes grant (docs/gitlab.md §1.6).',
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
		reason: 'token-oauth-short-lived',
		summary: `${outcome.summary}; but it is an OAuth access token, which GitLab lets live only two hours`,
		details: ['GitLab (15.0 and later) expires OAuth access tokens after two hours, so this .netrc entry stops working soon; a personal access token with read_api is the durable choice.', ...(outcome.details ?? [])],
		evidence,
		fixes: [replaceTokenFix(situation.host, credential)],
	};
}
