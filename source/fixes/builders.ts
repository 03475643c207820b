// One builder per kind of fix, used by every check: one problem always gets the same fix, the same title and the
// same `safe` flag, whichever step finds it. Every command goes through `sh` (fixes/command.ts): values from
// outside are validated and quoted, and a value that fails turns the fix into data with a warning, no command.
import type {Fix, FixAction} from '../engine/types.js';
import {gitlabCiFacts} from '../rules/run-environment.js';
import type {Environment} from '../system/types.js';
import {UnsafeValue, checkedHost, host as hostValue, login as loginValue, path as pathValue, quoteArg, quoted, raw, sh, shownAsData, validate, word} from './command.js';
import {shellQuote} from './command.js';

/** The login the netrc-entry fix writes when it adds a new entry (fixes/netrc-edit.ts), and the printed one says. */
export const defaultNetrcLogin = 'oauth2';

/** A step ran out of time: the same run with a longer --timeout (three times this one, at least 30 s). */
export function longerTimeoutFix(module: string, timeoutMs: number): Fix {
	const seconds = Math.max(30, (timeoutMs / 1000) * 3);
	return commandFix({title: 'Run the checks again with a longer limit', safe: false}, () => [sh`gitlab-go-check ${word(module)} --timeout ${raw(String(seconds))}`]);
}

/** GitLab's form for a new personal access token, with the name and the read_api scope filled in. */
export function tokenFormLink(host: string): string | undefined {
	return safeHost(host) ? `https://${host}/-/user_settings/personal_access_tokens?name=go-modules&scopes=read_api` : undefined;
}

/** A GitLab page of the host, when the host is a host name (never a link to what a server named as bytes). */
export function gitlabPage(host: string, page: string): string | undefined {
	return safeHost(host) ? `https://${host}/${page}` : undefined;
}

/** `{link}` when there is one: for spreading into a Fix. */
export function linkTo(link: string | undefined): {link?: string} {
	return link ? {link} : {};
}

function safeHost(host: string): boolean {
	try {
		sh`${hostValue(host)}`;
		return true;
	} catch {
		return false;
	}
}

/**
 * A fix whose commands are built by `build`; when a value is refused, the same fix as data: its title, a plain
 * warning that names the value (escaped), no command, never safe.
 */
export function commandFix(fix: Omit<Fix, 'commands'>, build: () => string[]): Fix {
	try {
		return {...fix, commands: build()};
	} catch (error) {
		if (!(error instanceof UnsafeValue)) throw error;
		const {link: _link, actions: _actions, ...rest} = fix;
		return {
			...rest,
			title: `${fix.title}. Not shown as a command: "${shownAsData(error.value)}" is not ${describe(error.kind)}, so it may not be what it claims; check it by hand`,
			commands: [],
			safe: false,
		};
	}
}

function describe(kind: UnsafeValue['kind']): string {
	return {host: 'a host name', login: 'a .netrc login', path: 'a file path', word: 'a plain value', text: 'plain text'}[kind];
}

export type NetrcEntryFix = {
	host: string;
	/** The .netrc file Go (or git) reads; `~/.netrc` when none is known. */
	file?: string;
	/** The login the entry keeps (an existing one); the default is the one the applied fix writes. */
	login?: string;
	/** Why, when the step says more than "add an entry" (a Geo secondary, git rather than Go). */
	title?: string;
	link?: string;
	/** Whether the tool can write the entry itself (it knows the file, and the step is about that file). */
	applicable?: boolean;
};

/**
 * Add an entry for a host to .netrc. Printed as commands a person can paste: the file is made private first (the
 * token must never sit in a file others can read), and the entry starts on a line of its own, so a last line
 * without a newline is not glued to it (which would change another host's password).
 */
export function netrcEntryFix(options: NetrcEntryFix): Fix {
	const file = options.file ?? '~/.netrc';
	const login = options.login || defaultNetrcLogin;
	const applicable = (options.applicable ?? false) && file.startsWith('/');
	const link = options.link ?? tokenFormLink(options.host);
	return commandFix(
		{
			title: options.title ?? `Add an entry for ${options.host} to ${file} with a personal access token that has the read_api scope (for YOUR_TOKEN)`,
			safe: applicable,
			...(link ? {link} : {}),
			...(applicable ? {actions: [{kind: 'netrc-entry', path: file, host: options.host, ...(options.login ? {login: options.login} : {})} satisfies FixAction]} : {}),
		},
		() => [appendEntries(file, [options.host], login)],
	);
}

/** Several hosts in one go (a Geo secondary and its primary share one token). */
export function netrcEntriesFix(options: Omit<NetrcEntryFix, 'host' | 'applicable'> & {hosts: string[]}): Fix {
	const file = options.file ?? '~/.netrc';
	const login = options.login || defaultNetrcLogin;
	return commandFix({title: options.title ?? `Add entries for ${options.hosts.join(' and ')} to ${file}`, safe: false, ...(options.link ? {link: options.link} : {})}, () => [
		appendEntries(file, options.hosts, login),
	]);
}

/**
 * One command line: make the file private, then append each entry on a line of its own (a leading newline, so a
 * last line without one is not glued to the entry and another host's password stays as it is).
 */
function appendEntries(file: string, hosts: string[], login: string): string {
	const target = pathValue(file);
	const entries = hosts.map(host => netrcLine(host, login));
	return `${sh`touch ${target}`} && ${sh`chmod 600 ${target}`} && ${sh`printf '\\n%s\\n' ${raw(entries.map(entry => quoteArg(entry)).join(' '))} >> ${target}`}`;
}

/** The .netrc line Go needs for the host, with a placeholder where the token goes: the real one never appears. */
export function netrcLine(host: string, login: string | undefined): string {
	// Both values are checked before they form the line; the line itself is quoted as one argument where it is used.
	const checked = sh`${hostValue(host)} ${loginValue(login || defaultNetrcLogin)}`;
	void checked;
	return `machine ${host} login ${login || defaultNetrcLogin} password YOUR_TOKEN`;
}

/**
 * In a GitLab CI job on this host, the .netrc entry comes from the job's own token (login gitlab-ci-token), written
 * by the job script before go runs (docs/gitlab.md §1.6); undefined outside such a job.
 */
export function jobTokenEntryFix(host: string, file: string, env: Environment): Fix | undefined {
	const ci = gitlabCiFacts(env);
	if (!ci || ci.host !== host) return undefined;
	const target = pathValue(file);
	return commandFix(
		{
			title: ci.hasJobToken
				? `In this GitLab CI job, write the entry from the job's own token (login gitlab-ci-token), in the job script before go runs`
				: 'In a GitLab CI job, write the entry from the job token (login gitlab-ci-token); CI_JOB_TOKEN is not set here',
			safe: false,
		},
		// Double quotes: the shell must expand the variables (single quotes write their names, not their values).
		() => [sh`printf 'machine %s login gitlab-ci-token password %s\\n' "$CI_SERVER_HOST" "$CI_JOB_TOKEN" >> ${target}`, sh`chmod 600 ${target}`],
	);
}

/** What a job token needs to read another project: the target project's allowlist names this job's project. */
export function jobTokenAllowlistFix(host: string, project: string, env: Environment): Fix {
	const source = env['CI_PROJECT_PATH'];
	return {
		title: `Let ${source ? source : "the job's project"} in: in ${project}, Settings > CI/CD > Job token permissions, add it to the allowlist (and make sure the job's user is a member of ${project})`,
		commands: [],
		safe: false,
		...linkTo(gitlabPage(host, `${project}/-/settings/ci_cd#js-token-access`)),
	};
}

/** The fix for an entry Go already picks but GitLab does not accept: a new read_api token in its place. */
export function replaceTokenFix(host: string, entry: {file: string; line: number; login: string}, why = 'a personal access token with the read_api scope'): Fix {
	const link = tokenFormLink(host);
	// Line 0: the credential came from GOAUTH (a command, or git credential fill), not from a .netrc line.
	if (entry.line === 0) {
		return {title: `Create ${why} (the link opens GitLab's form with the name and scope filled in), then make ${entry.file} give it for ${host} instead`, commands: [], safe: false, ...(link ? {link} : {})};
	}
	return commandFix(
		{
			title: `Create ${why} (the link opens GitLab's form with the name and scope filled in), then make the entry at ${entry.file} line ${entry.line} read as below, with the new token for YOUR_TOKEN`,
			safe: false,
			...(link ? {link} : {}),
		},
		() => {
			// This line is shown (and copied) where commands are, so it must be inert if pasted into a shell: a login
			// with a backquote, `$`, `;`, `&`, `|`, `(`, `<` or `\` is shown as data instead (found by the property test).
			// An empty login stands for the default one (netrcLine).
			if (entry.login !== '' && !/^[A-Za-z0-9._@+%:,=\/-]+$/.test(entry.login)) throw new UnsafeValue('login', entry.login);
			return [netrcLine(host, entry.login)];
		},
	);
}

/** Make a file readable by its owner alone (the .netrc holds tokens). */
export function chmodFix(file: string, title = `Make ${file} readable by you alone`): Fix {
	return commandFix({title, safe: file.startsWith('/'), ...(file.startsWith('/') ? {actions: [{kind: 'chmod', path: file, mode: 0o600} satisfies FixAction]} : {})}, () => [
		sh`chmod 600 ${pathValue(file)}`,
	]);
}

/**
 * Set (or unset, `value` undefined) one Go setting. Where the OS environment sets it, `go env -w` cannot override
 * it, so the command is for the shell profile and the fix is not applied by the tool.
 */
export function goEnvCommand(key: string, value: string | undefined, inEnvironment: boolean): {command: string; action?: FixAction} {
	if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new UnsafeValue('word', key);
	if (value !== undefined) validate('text', value);
	if (inEnvironment) {
		return {command: value === undefined ? `unset ${key}` : `export ${key}=${quoted(value)}   # in your shell profile: the environment beats go env -w`};
	}
	return {
		command: value === undefined ? `go env -u ${key}` : `go env -w ${key}=${quoted(value)}`,
		action: {kind: 'go-env', key, value},
	};
}

/** A fix made of Go setting changes; safe when none of them is in the OS environment. */
export function goEnvFix(title: string, changes: Array<{key: string; value: string | undefined; inEnvironment: boolean}>, extra: Partial<Fix> = {}): Fix {
	const actions: FixAction[] = [];
	return {
		...commandFix({title, safe: changes.every(change => !change.inEnvironment), ...extra}, () =>
			changes.map(change => {
				const built = goEnvCommand(change.key, change.value, change.inEnvironment);
				if (built.action) actions.push(built.action);
				return built.command;
			}),
		),
		...(changes.every(change => !change.inEnvironment) ? {actions} : {}),
	};
}

/**
 * Trust a CA for one host in git: `git config --global http.https://HOST/.sslCAInfo FILE`, scoped to the host so
 * the user's CA setting for every other host stays. Safe: the tool asks for the file and checks it holds a
 * certificate before it sets anything.
 */
export function gitCaFix(host: string, file: string | undefined, title = `Tell git which CA signs the certificate of ${host} (for this host only)`): Fix {
	const url = `https://${host}/`;
	return commandFix({title, safe: true, actions: [{kind: 'git-ca', url} satisfies FixAction]}, () => [
		sh`git config --global ${word(`http.https://${checkedHost(host)}/.sslCAInfo`)} ${pathValue(file ?? '/path/to/ca.pem')}`,
	]);
}

/** git's config key for an insteadOf rule, validated (the base is a URL prefix from config). */
export function gitConfigCommand(location: string[], args: string[]): string {
	return [sh`git config`, ...location.map(part => sh`${part}`), ...args.map(arg => sh`${arg}`)].join(' ');
}

// ---------------------------------------------------------------- git config

/** The files `git config --global` reads, first the one it writes. */
function globalFiles(env: Environment, home: string | undefined): string[] {
	if (env['GIT_CONFIG_GLOBAL']) return [env['GIT_CONFIG_GLOBAL']];
	const files: string[] = [];
	if (home) files.push(`${home}/.gitconfig`);
	const xdg = env['XDG_CONFIG_HOME'] || (home ? `${home}/.config` : undefined);
	if (xdg) files.push(`${xdg}/git/config`);
	return files;
}

/** How a fix names the file a rule lives in: `--global` when that reaches it, else `--file <path>`; undefined for the environment. */
export function configLocation(rule: {scope: string; file?: string}, env: Environment, home: string | undefined): string | undefined {
	if (rule.file === undefined) return undefined;
	const files = globalFiles(env, home);
	if (rule.scope === 'global' && files[0] === rule.file) return '--global';
	if (rule.scope === 'system') return `--system`;
	return `--file ${shellQuote(rule.file)}`;
}

/** The location of an insteadOf rule for a fix: its file as configLocation names it; `--global` without a file to name. */
export function ruleLocation(rule: {scope: string; file?: string} | undefined, env: Environment, home: string | undefined): string {
	return (rule ? configLocation(rule, env, home) : undefined) ?? '--global';
}

/** A POSIX double-quoted argument (`$`, backquote, `"` and `\\` escaped), as git config commands are usually written. */
export function doubleQuote(text: string): string {
	return `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** A git config argument in double quotes; a control character refuses the command (UnsafeValue, for commandFix). */
function configArg(text: string): string {
	validate('text', text);
	return doubleQuote(text);
}

/** `git config LOCATION url."BASE".insteadOf "PREFIX"`: the rule that sends every URL starting with PREFIX to BASE. */
export function insteadOfCommand(location: string, base: string, prefix: string): string {
	return `git config ${location} url.${configArg(base)}.insteadOf ${configArg(prefix)}`;
}

/** `git config LOCATION --unset "url.BASE.insteadOf" ['^VALUE$']`: one rule removed; `sudo` for the system file. */
export function unsetInsteadOfCommand(location: string, base: string, valuePattern?: string): string {
	const command = `git config ${location} --unset ${configArg(`url.${base}.insteadOf`)}${valuePattern !== undefined ? ` ${quoteArg(valuePattern)}` : ''}`;
	return location === '--system' ? `sudo ${command}` : command;
}
