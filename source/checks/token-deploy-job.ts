// Deploy tokens and CI job tokens: /personal_access_tokens/self does not accept them, so the token step asks
// what each can reach instead (docs/gitlab.md §2.6).
import {jobTokenAllowlistFix, replaceTokenFix} from '../fixes/builders.js';
import type {TokenData} from '../engine/check-data.js';
import {maskSecret} from '../engine/redact.js';
import {type Outcome} from '../engine/types.js';
import {apiGet, fieldsOf, type ApiAnswer} from './gitlab-api.js';
import {type Situation} from './token-situation.js';
import {lookupProject} from './token-access.js';
import {describeAnswer, shortAnswer} from './token-answers.js';


export async function deployToken(situation: Situation): Promise<Outcome<TokenData>> {
	const {host, credential, evidence} = situation;
	const data: TokenData = {kind: 'deploy', username: credential.login};
	// Anonymous: is the project public? Then GitLab ignores the deploy token for go-get.
	const lookup = await lookupPublic(situation);
	const why = [
		'Deploy tokens never carry the read_project ability, so GitLab\'s go-get middleware treats them as no access: 404 (before 17.3: the first two path elements). git clone works with them, discovery does not (docs/gitlab.md §1.6).',
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
		reason: 'token-deploy-token',
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

export async function lookupPublic(situation: Situation): Promise<string | undefined> {
	const {context, apiHost, signal, projects} = situation;
	const answers = await Promise.all(projects.map(path => apiGet(context, apiHost, {path: `projects/${encodeURIComponent(path)}`, signal})));
	situation.evidence['anonymousProjectLookups'] = answers.map((answer, index) => `${projects[index]}: ${describeAnswer('', answer).trim()}`);
	const index = answers.findIndex(answer => answer.kind === 'json' && answer.status === 200);
	if (index < 0) return undefined;
	const answer = answers[index] as Extract<ApiAnswer, {kind: 'json'}>;
	const canonical = fieldsOf(answer.body)['path_with_namespace'];
	return typeof canonical === 'string' ? canonical : projects[index];
}

export async function jobToken(situation: Situation): Promise<Outcome<TokenData>> {
	const {credential, evidence} = situation;
	const data: TokenData = {kind: 'job'};
	const note = [
		'A CI/CD job token works for go-get discovery and for git inside its job, as the job\'s user; it does not work through GitLab\'s Go proxy (GOPROXY=…/packages/go), nor on a Geo secondary, and it dies when the job ends (docs/gitlab.md §1.6, §3.2, §4).',
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
			reason: 'token-job-token-no-access',
			summary: `a CI job token (${credential.login}), but GitLab answered 404 for ${situation.projects[0]} with it`,
			details: [
				'The job\'s user may not be a member of the project, or the project does not let this project\'s job token in (Settings > CI/CD > Job token permissions, the allowlist).',
				...note,
			],
			evidence,
			fixes: [jobTokenAllowlistFix(situation.host, situation.projects[0] ?? '', situation.context.system.env)],
			data,
		};
	}
	return {
		status: 'warn',
		reason: 'token-job-token-unchecked',
		summary: `a CI job token (${credential.login}): it cannot be checked here (${lookup.trouble ? shortAnswer(lookup.trouble.answer) : 'no answer'})`,
		details: ['GitLab answers 401 when the job has ended (its token with it), or when this GitLab does not take job tokens on the projects API.', ...note],
		evidence,
		data,
	};
}
