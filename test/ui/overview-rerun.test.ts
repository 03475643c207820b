// What the repository overview runs again after a module's step graph: nothing without a fix; after one, the fixed
// host's steps and, on every host, the steps that read what the fix changed (with their dependents).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {allChecks} from '../../source/checks/index.js';
import {planSteps, type Finished} from '../../source/engine/scheduler.js';
import {resolveTarget} from '../../source/engine/target.js';
import {stepsToKeep} from '../../source/ui/overview-rerun.js';

const targets = ['a.test/g/one', 'a.test/g/two', 'b.test/g/three'].map(module => resolveTarget(module));
const steps = new Map(planSteps(allChecks, targets).map(step => [step.key, {result: {}, data: undefined} as unknown as Finished]));

test('no fix: every step is kept; "all": none is', () => {
	assert.equal(stepsToKeep(allChecks, steps, 'nothing').size, steps.size);
	assert.equal(stepsToKeep(allChecks, steps, 'all').size, 0);
});

test('a fix of git config on a.test: every step of a.test and its modules runs again; on b.test, the git-config readers and their dependents', () => {
	const kept = stepsToKeep(allChecks, steps, {host: 'a.test', resources: ['git-config']});
	assert.ok([...kept.keys()].every(key => !key.endsWith(' a.test') && !key.includes(' a.test/')), [...kept.keys()].join('\n'));
	const again = [...steps.keys()].filter(key => !key.includes('a.test') && !kept.has(key)).sort();
	// git-route, git-auth, git-access and geo-secondary read git config; go-confirm reads every step at its end.
	assert.deepEqual(again, ['geo-secondary b.test', 'git-access b.test/g/three', 'git-auth b.test/g/three', 'git-route b.test/g/three', 'go-confirm b.test/g/three']);
	assert.ok(kept.has('go-env b.test'), 'go-env does not read git config');
});
