// The safe-fix engine: turns a Fix's actions into a plan a person can look at (a redacted diff or the exact
// command, with current and new values) and then apply. Nothing changes until `apply`; every edited file is backed
// up first and written atomically; secrets are typed into the plan, never shown or logged.
import type {Fix, FixAction} from '../engine/types.js';
import {nodeFileWriter} from '../system/file-writer.js';
import {planChmod} from './chmod.js';
import {planGitCa} from './git-ca.js';
import {planGitConfig} from './git-config.js';
import {planGoEnv} from './go-env.js';
import {planNetrcEntry} from './netrc-entry.js';
import type {ActionPlan, Backups, FixContext, FixInput, FixPlan, FixResult, ResolvedFixContext, Unavailable} from './types.js';

export type {FixContext, FixInput, FixPlan, FixResult} from './types.js';

function planAction(action: FixAction, context: ResolvedFixContext): Promise<ActionPlan | Unavailable> {
	switch (action.kind) {
		case 'chmod':
			return planChmod(action, context);
		case 'netrc-entry':
			return planNetrcEntry(action, context);
		case 'go-env':
			return planGoEnv(action, context);
		case 'git-config':
			return planGitConfig(action, context);
		case 'git-ca':
			return planGitCa(action, context);
	}
}

/**
 * What applying `fix` would change, or why the tool cannot apply it itself (then the user runs the fix's
 * commands). The plan's actions run in order when applied; the first failure stops the rest.
 */
export async function planFix(fix: Fix, context: FixContext): Promise<FixPlan | Unavailable> {
	if (!fix.safe || !fix.actions || fix.actions.length === 0) {
		return {unavailable: 'the tool cannot apply this fix itself: run the commands shown'};
	}
	const resolved: ResolvedFixContext = {system: context.system, redactor: context.redactor, writer: context.writer ?? nodeFileWriter, now: context.now ?? (() => new Date())};
	const plans: ActionPlan[] = [];
	for (const action of fix.actions) {
		const plan = await planAction(action, resolved);
		if ('unavailable' in plan) return {unavailable: resolved.redactor.redact(plan.unavailable)};
		plans.push(plan);
	}
	const secretPrompts = plans.filter(plan => plan.secretPrompt);
	const inputPrompts = plans.filter(plan => plan.inputPrompt);
	if (secretPrompts.length > 1 || inputPrompts.length > 1) return {unavailable: 'this fix asks for more than one value: apply its parts one at a time'};
	let applied = false;
	return {
		title: fix.title,
		preview: plans.map(plan => plan.preview).join('\n\n'),
		...(secretPrompts[0] ? {secretPrompt: secretPrompts[0].secretPrompt} : {}),
		...(inputPrompts[0] ? {inputPrompt: inputPrompts[0].inputPrompt} : {}),
		async apply(input: FixInput = {}): Promise<FixResult> {
			if (input.secret !== undefined) resolved.redactor.add(input.secret);
			if (applied) return {ok: false, message: 'This fix was already applied; make a new plan to apply it again.'};
			const backups: Backups = new Map();
			const messages: string[] = [];
			let ok = true;
			let stopped = false;
			for (const [index, plan] of plans.entries()) {
				if (input.signal?.aborted) {
					ok = false;
					stopped = true;
					const left = plans.length - index;
					messages.push(`Stopped (Ctrl-C): ${index === 0 ? 'nothing was changed' : `the ${index === 1 ? 'step above was' : `${index} steps above were`} done`}; ${left === 1 ? 'the last step was' : `the last ${left} steps were`} not run.`);
					break;
				}
				let result: FixResult;
				try {
					result = await plan.apply(input, backups);
				} catch (error) {
					result = {ok: false, message: `unexpected error: ${error instanceof Error ? error.message : String(error)}`};
				}
				messages.push(result.message);
				if (!result.ok) {
					ok = false;
					if (plans.length > 1 && plan !== plans[plans.length - 1]) messages.push('The remaining steps of this fix were not run.');
					break;
				}
			}
			if (ok) applied = true;
			const backupPaths = [...backups.values()];
			return {
				ok,
				message: resolved.redactor.redact(messages.join('\n')),
				...(stopped ? {stopped} : {}),
				...(backupPaths[0] ? {backupPath: backupPaths[0], backupPaths} : {}),
			};
		},
	};
}
