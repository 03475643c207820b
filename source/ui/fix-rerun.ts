// What a re-run after an applied fix must redo. A fix changes a file or a setting, and every step that reads it is
// affected, not only the step that offered the fix: the .netrc is read by netrc, token, go-import and git-auth.
import {readersOf, withDependents} from '../engine/scheduler.js';
import type {AnyCheck, CheckId, Fix, FixAction, Resource} from '../engine/types.js';

/** Steps declare what they read (`reads`): those run again with the step and their dependents; when no step
 * declares the resource, all of them do. */
export function stepsToRerunAfterFix(checks: ReadonlyArray<AnyCheck>, stepId: CheckId, fix: Fix | undefined): Set<CheckId> | 'all' {
	const resources = resourcesOfFix(fix);
	const declared = checks.some(check => (check.reads ?? []).some(resource => resources.includes(resource)));
	return declared ? new Set([...readersOf(checks, resources), ...withDependents(checks, [stepId])]) : 'all';
}

/** What a fix's actions change, as steps declare their reads. */
export function resourcesOfFix(fix: Fix | undefined): Resource[] {
	return (fix?.actions ?? []).map(resourceOfAction).filter((resource): resource is Resource => resource !== undefined);
}

function resourceOfAction(action: FixAction): Resource | undefined {
	switch (action.kind) {
		case 'chmod':
		case 'netrc-entry':
			return 'netrc-file';
		case 'go-env':
			return 'go-env-file';
		case 'git-config':
		case 'git-ca':
			return 'git-config';
	}
}
