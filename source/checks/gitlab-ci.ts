// GitLab CI: a job reaches private modules with its job token, written to .netrc with the login
// gitlab-ci-token (docs/gitlab.md §1.6). Two mistakes are common enough to name.
import type {Fix} from '../engine/types.js';
import {gitlabCiFacts} from '../rules/run-environment.js';
import type {Environment} from '../system/types.js';

/** In a GitLab CI job on this host, the fix for a missing entry is the job token's, not a personal token. */
export function jobTokenEntryFix(host: string, file: string, env: Environment): Fix | undefined {
	const ci = gitlabCiFacts(env);
	if (!ci || ci.host !== host) return undefined;
	const path = /^[\w@%+=:,./~-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
	return {
		title: ci.hasJobToken
			? `In this GitLab CI job, write the entry from the job's own token (login gitlab-ci-token), in the job script before go runs`
			: 'In a GitLab CI job, write the entry from the job token (login gitlab-ci-token); CI_JOB_TOKEN is not set here',
		// Double quotes: the shell must expand the variables (single quotes write their names, not their values).
		commands: [`printf 'machine %s login gitlab-ci-token password %s\\n' "$CI_SERVER_HOST" "$CI_JOB_TOKEN" >> ${path}`, `chmod 600 ${path}`],
		safe: false,
	};
}

/** A password that is the name of a variable: a job script wrote `'$CI_JOB_TOKEN'` in single quotes. */
export function literalVariableProblem(password: string): string | undefined {
	const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(password)?.[1];
	if (!name) return undefined;
	return `the password is the literal text $${name}, not its value: the job script wrote it inside single quotes (or from a file), so the shell never expanded the variable, and GitLab rejects it (401) even for a public project`;
}

/** What a job token needs to read another project: the target project's allowlist names this job's project. */
export function jobTokenAllowlistFix(host: string, project: string, env: Environment): Fix {
	const source = env['CI_PROJECT_PATH'];
	return {
		title: `Let ${source ? source : "the job's project"} in: in ${project}, Settings > CI/CD > Job token permissions, add it to the allowlist (and make sure the job's user is a member of ${project})`,
		commands: [],
		safe: false,
		link: `https://${host}/${project}/-/settings/ci_cd#js-token-access`,
	};
}
