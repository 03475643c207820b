// chmod: give a file the permission bits a fix names (600 for a .netrc). Only the mode changes, so there is
// nothing to back up.
import type {FixAction} from '../engine/types.js';
import {commandLine} from './command.js';
import {errorText} from './shell.js';
import type {ActionPlan, ResolvedFixContext, Unavailable} from './types.js';

type ChmodAction = Extract<FixAction, {kind: 'chmod'}>;

export const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(3, '0');

export async function planChmod(action: ChmodAction, context: ResolvedFixContext): Promise<ActionPlan | Unavailable> {
	const {path, mode} = action;
	const info = await context.system.fs.stat(path);
	if (!info) return {unavailable: `${path} does not exist`};
	if ((info.mode & 0o7777) === (mode & 0o7777)) return {unavailable: `${path} already has mode ${octal(mode)}: nothing to do`};
	const command = commandLine('chmod', [octal(mode), path]);
	return {
		preview: context.redactor.redact(`$ ${command}\n  mode ${octal(info.mode)} → ${octal(mode)}; the content is not touched`),
		async apply() {
			try {
				await context.writer.chmod(path, mode);
			} catch (error) {
				return {ok: false, message: context.redactor.redact(`${command} failed: ${errorText(error)}`)};
			}
			const after = await context.system.fs.stat(path);
			if (after && (after.mode & 0o7777) !== (mode & 0o7777)) {
				return {ok: false, message: `${path} still has mode ${octal(after.mode)} (the file system may not keep Unix modes)`};
			}
			return {ok: true, message: context.redactor.redact(`${path} now has mode ${octal(mode)} (was ${octal(info.mode)})`)};
		},
	};
}
