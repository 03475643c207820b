// Who is running the tool: a person at a terminal, a git hook, or a CI job. Pure: the environment is passed in.
// The TUI must never open inside a hook: lefthook runs hooks under a pseudo-terminal, so stdin and stdout look
// like a person's terminal, and a commit would then wait forever behind an interactive view nobody sees.
import type {Environment} from '../system/types.js';

/** The hook runner (or git itself) the tool runs under, or undefined. */
export function hookRunner(env: Environment): string | undefined {
	if (nonEmpty(env['PRE_COMMIT'])) return 'pre-commit';
	if (nonEmpty(env['LEFTHOOK']) || nonEmpty(env['LEFTHOOK_BIN'])) return 'lefthook';
	if (nonEmpty(env['HUSKY_GIT_PARAMS'])) return 'husky';
	// git exports these to every hook (githooks(5)): GIT_INDEX_FILE for pre-commit, GIT_EXEC_PATH to all it runs.
	if (nonEmpty(env['GIT_INDEX_FILE']) || nonEmpty(env['GIT_EXEC_PATH']) || nonEmpty(env['GIT_DIR'])) return 'a git hook';
	return undefined;
}

export type CiRunner = {name: string; gitlab: boolean};

/** A CI job: `CI` set (and not "false"), as every major CI service sets it; GitLab CI also sets GITLAB_CI. */
export function ciRunner(env: Environment): CiRunner | undefined {
	const gitlab = env['GITLAB_CI'] === 'true';
	if (gitlab) return {name: 'GitLab CI', gitlab};
	const ci = env['CI'];
	if (!nonEmpty(ci) || ci === 'false' || ci === '0') return undefined;
	return {name: 'CI', gitlab: false};
}

/** GitLab CI's own facts: the instance the job runs on and whether a job token is there (never its value). */
export function gitlabCiFacts(env: Environment): {host: string | undefined; hasJobToken: boolean} | undefined {
	if (env['GITLAB_CI'] !== 'true') return undefined;
	const host = env['CI_SERVER_HOST']?.toLowerCase();
	return {host: host && /^[a-z0-9.-]+(:\d+)?$/.test(host) ? host : undefined, hasJobToken: nonEmpty(env['CI_JOB_TOKEN'])};
}

function nonEmpty(value: string | undefined): value is string {
	return value !== undefined && value !== '';
}
