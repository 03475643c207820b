// What the repository overview runs again when the person comes back from a module's step graph: nothing when no fix
// was applied there; after a fix, every step of the modules on the fixed host, and, on every host, the steps that read
// what the fix changed (a .netrc, git config, the go env file) with their dependents. The rest is reused.
import {readersOf, type Finished, type StepKey} from '../engine/scheduler.js';
import type {AnyCheck, CheckId, Resource} from '../engine/types.js';
import {hostOf} from '../rules/module-path.js';

export type Redo = 'all' | 'nothing' | {host: string; resources: Resource[]};

/** The steps of the last run to keep; an empty map runs everything again. */
export function stepsToKeep(checks: ReadonlyArray<AnyCheck>, steps: ReadonlyMap<StepKey, Finished>, redo: Redo): Map<StepKey, Finished> {
	if (redo === 'nothing') return new Map(steps);
	if (redo === 'all') return new Map();
	const readers = readersOf(checks, redo.resources);
	// A change no step declares it reads: anything may depend on it.
	if (readers.size === 0) return new Map();
	return new Map([...steps].filter(([key]) => {
		const {id, subject} = splitStepKey(key);
		return !readers.has(id) && hostOf(subject) !== redo.host;
	}));
}

/** `netrc gitlab.example.com` → the check id and its subject (a host or a module path; neither holds a space). */
export function splitStepKey(key: StepKey): {id: CheckId; subject: string} {
	const space = key.indexOf(' ');
	return {id: key.slice(0, space) as CheckId, subject: key.slice(space + 1)};
}
