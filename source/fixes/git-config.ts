// git-config: `git config --global …` through system.exec. git rewrites the file itself (through a lock file and
// a rename, keeping every other line); the tool shows the current value(s) first and backs the global file up.
import type {FixAction} from '../engine/types.js';
import type {System} from '../system/types.js';
import {backUp} from './backup.js';
import {commandLine} from './command.js';
import {errorText} from './shell.js';
import type {ActionPlan, Backups, FixResult, ResolvedFixContext, Unavailable} from './types.js';

export type GitConfigChange = Omit<Extract<FixAction, {kind: 'git-config'}>, 'kind'>;

const gitTimeoutMs = 30_000;

function git(system: System, args: string[]) {
	return system.exec.run('git', args, {env: system.env, timeoutMs: gitTimeoutMs});
}

function joinPath(directory: string, name: string): string {
	return directory.endsWith('/') || directory.endsWith('\\') ? directory + name : `${directory}/${name}`;
}

/**
 * The file `git config --global` writes: GIT_CONFIG_GLOBAL when set; else ~/.gitconfig, or the XDG file
 * ($XDG_CONFIG_HOME/git/config, default ~/.config/git/config) when only that one exists (git's rule). The files
 * `git config --global --list --show-origin` names confirm the choice when they include one of these.
 */
export async function globalConfigFile(system: System): Promise<string | undefined> {
	const explicit = system.env['GIT_CONFIG_GLOBAL'];
	const home = system.homeDir;
	let candidates: string[];
	if (explicit) candidates = [explicit];
	else if (home) {
		const xdgHome = system.env['XDG_CONFIG_HOME'] || joinPath(home, '.config');
		const user = joinPath(home, '.gitconfig');
		const xdg = joinPath(joinPath(xdgHome, 'git'), 'config');
		candidates = !(await system.fs.stat(user)) && (await system.fs.stat(xdg)) ? [xdg, user] : [user, xdg];
	} else return undefined;
	const listed = await git(system, ['config', '--global', '--list', '--show-origin', '-z']);
	if (listed.code === 0) {
		const origins = new Set<string>();
		const parts = listed.stdout.split('\0');
		for (let index = 0; index + 1 < parts.length; index += 2) {
			const origin = parts[index]!;
			if (origin.startsWith('file:')) origins.add(origin.slice('file:'.length));
		}
		const confirmed = candidates.find(candidate => origins.has(candidate));
		if (confirmed) return confirmed;
	}
	return candidates[0];
}

/** The key's values in the global config, in file order; undefined with a reason when git cannot say. */
async function currentValues(system: System, key: string): Promise<string[] | Unavailable> {
	const asked = await git(system, ['config', '--global', '-z', '--get-all', key]);
	if (asked.startError) return {unavailable: 'git is not installed here (not on PATH)'};
	if (asked.code === 0) return asked.stdout.split('\0').slice(0, -1);
	// Exit 1 without a message: the key is not set. Anything else is a real problem (bad key, broken file).
	if (asked.code === 1 && asked.stderr.trim() === '') return [];
	return {unavailable: `git config cannot read the key: ${asked.stderr.trim().split('\n')[0] || `exit status ${asked.code}`}`};
}

export function gitConfigArgs(change: GitConfigChange & {value?: string}, currentCount: number): string[] {
	const pattern = change.valuePattern !== undefined ? [change.valuePattern] : [];
	if (change.value === undefined) return ['config', '--global', currentCount > 1 && pattern.length === 0 ? '--unset-all' : '--unset', change.key, ...pattern];
	return ['config', '--global', change.key, change.value, ...pattern];
}

const listValues = (values: string[]) => (values.length === 0 ? '(not set)' : values.map(value => (value === '' ? '(empty)' : value)).join(', '));

export type GitConfigInspection = {file: string; current: string[]};

export async function inspectGitConfig(change: {key: string; value: string | undefined; valuePattern?: string}, context: ResolvedFixContext, options: {valueKnown: boolean}): Promise<GitConfigInspection | Unavailable> {
	const {system} = context;
	const current = await currentValues(system, change.key);
	if ('unavailable' in current) return current;
	const file = await globalConfigFile(system);
	if (!file) return {unavailable: 'no home directory: git has no global config file to write'};
	if (change.value === undefined && current.length === 0) return {unavailable: `${change.key} is not set in your global git config: nothing to remove`};
	if (options.valueKnown && change.value !== undefined && current.length > 1 && change.valuePattern === undefined) {
		return {unavailable: `${change.key} has ${current.length} values in ${file}: change it by hand (git config --global --replace-all replaces them all)`};
	}
	return {file, current};
}

export function gitConfigPreview(change: {key: string; value: string | undefined; valuePattern?: string}, inspection: GitConfigInspection, shownValue?: string): string {
	const args = gitConfigArgs({...change, value: change.value === undefined ? undefined : (shownValue ?? change.value)}, inspection.current.length);
	const lines = [`$ ${commandLine('git', args)}`, `  edits ${inspection.file} (backed up first)`, `  current: ${listValues(inspection.current)}`];
	lines.push(change.value === undefined ? `  after: ${change.valuePattern === undefined ? '(not set)' : `the values matching ${change.valuePattern} removed`}` : `  new: ${shownValue ?? change.value}`);
	return lines.join('\n');
}

export async function applyGitConfig(change: GitConfigChange & {value: string | undefined}, inspection: GitConfigInspection, context: ResolvedFixContext, backups: Backups): Promise<FixResult> {
	const {system, redactor} = context;
	const args = gitConfigArgs(change, inspection.current.length);
	const command = commandLine('git', args);
	let backupPath: string | undefined;
	try {
		backupPath = await backUp(context, inspection.file, backups);
	} catch (error) {
		return {ok: false, message: redactor.redact(`Not run: could not back up ${inspection.file}: ${errorText(error)}`)};
	}
	const backup = backupPath ? {backupPath} : {};
	const ran = await git(system, args);
	if (ran.startError || ran.code !== 0) {
		const why = ran.startError ? `could not start git (${ran.startError})` : ran.timedOut ? 'it timed out' : ran.stderr.trim().split('\n')[0] || `exit status ${ran.code}`;
		return {ok: false, message: redactor.redact(`${command} failed: ${why}`), ...backup};
	}
	const after = await currentValues(system, change.key);
	const now = 'unavailable' in after ? '' : `: ${change.key} is now ${listValues(after)}`;
	const saved = backupPath ? `; backup: ${backupPath}` : '';
	return {ok: true, message: redactor.redact(`Ran ${command}${now} (${inspection.file}${saved})`), ...backup};
}

export async function planGitConfig(action: Extract<FixAction, {kind: 'git-config'}>, context: ResolvedFixContext): Promise<ActionPlan | Unavailable> {
	const change: GitConfigChange = {key: action.key, value: action.value, ...(action.valuePattern !== undefined ? {valuePattern: action.valuePattern} : {})};
	const inspection = await inspectGitConfig(change, context, {valueKnown: true});
	if ('unavailable' in inspection) return inspection;
	return {
		preview: context.redactor.redact(gitConfigPreview(change, inspection)),
		apply: (_input, backups) => applyGitConfig(change, inspection, context, backups),
	};
}
