// go-env: `go env -w KEY=VALUE` or `go env -u KEY`, run through system.exec. The go command rewrites its env file
// itself (atomically, keeping the other lines); the tool backs the file up first. A key set in the process
// environment beats the file, so such a fix is not offered: it would change nothing.
import type {FixAction} from '../engine/types.js';
import {getEnv} from '../rules/environment.js';
import {backUp} from './backup.js';
import {commandLine} from './command.js';
import {errorText} from './shell.js';
import type {ActionPlan, ResolvedFixContext, Unavailable} from './types.js';

type GoEnvAction = Extract<FixAction, {kind: 'go-env'}>;

const goTimeoutMs = 30_000;

export function goEnvArgs(action: GoEnvAction): string[] {
	return action.value === undefined ? ['env', '-u', action.key] : ['env', '-w', `${action.key}=${action.value}`];
}

const shown = (value: string) => (value === '' ? '(empty)' : value);

export async function planGoEnv(action: GoEnvAction, context: ResolvedFixContext): Promise<ActionPlan | Unavailable> {
	const {system, redactor} = context;
	const {key} = action;
	if (!/^[A-Z][A-Z0-9_]*$/.test(key)) return {unavailable: `"${key}" is not a Go setting`};
	if ((getEnv(system.env, key, system.platform) ?? '') !== '') {
		return {unavailable: `${key} is set in your environment, which beats go env -w: change it in your shell profile`};
	}
	const asked = await system.exec.run('go', ['env', 'GOENV', key], {env: system.env, timeoutMs: goTimeoutMs});
	if (asked.startError) return {unavailable: `go is not installed here (not on PATH): run "${commandLine('go', goEnvArgs(action))}" once it is`};
	if (asked.code !== 0) return {unavailable: redactor.redact(`go env failed: ${firstLine(asked.stderr) || `exit status ${asked.code}`}`)};
	const [envFile = '', current = ''] = asked.stdout.replace(/\r/g, '').split('\n');
	if (envFile === 'off') return {unavailable: `GOENV=off: go env -w cannot write settings; set ${key} in your shell profile instead`};
	if (envFile === '') return {unavailable: 'Go finds no go env file here (no HOME or config directory), so go env -w cannot write one'};

	const command = commandLine('go', goEnvArgs(action));
	const change = action.value === undefined ? `${shown(current)} → (removed from the go env file; Go then uses its default)` : `${shown(current)} → ${shown(action.value)}`;
	return {
		preview: redactor.redact(`$ ${command}\n  edits ${envFile} (the go env file)\n  ${key}: ${change}`),
		async apply(_input, backups) {
			let backupPath: string | undefined;
			try {
				backupPath = await backUp(context, envFile, backups);
			} catch (error) {
				return {ok: false, message: redactor.redact(`Not run: could not back up ${envFile}: ${errorText(error)}`)};
			}
			const ran = await system.exec.run('go', goEnvArgs(action), {env: system.env, timeoutMs: goTimeoutMs});
			const backup = backupPath ? {backupPath} : {};
			if (ran.startError || ran.code !== 0) {
				const why = ran.startError ? `could not start go (${ran.startError})` : ran.timedOut ? 'it timed out' : firstLine(ran.stderr) || `exit status ${ran.code}`;
				return {ok: false, message: redactor.redact(`${command} failed: ${why}`), ...backup};
			}
			const after = await system.exec.run('go', ['env', key], {env: system.env, timeoutMs: goTimeoutMs});
			const now = after.code === 0 ? after.stdout.replace(/\r?\n$/, '') : undefined;
			const saved = backupPath ? `; backup: ${backupPath}` : '';
			if (action.value !== undefined && now !== undefined && now !== action.value) {
				return {ok: false, message: redactor.redact(`${command} ran, but go env still reports ${key}=${shown(now)}${saved}`), ...backup};
			}
			const result = now === undefined ? '' : `: ${key} is now ${shown(now)}`;
			return {ok: true, message: redactor.redact(`Ran ${command}${result} (${envFile}${saved})`), ...backup};
		},
	};
}

function firstLine(text: string): string {
	return text.trim().split('\n')[0] ?? '';
}
