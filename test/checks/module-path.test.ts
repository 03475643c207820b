import type {ModulePathData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {modulePathCheck} from '../../source/checks/module-path.js';
import {fakeSystem, runCheck} from '../helpers/fake-system.js';

async function judge(module: string) {
	return (await runCheck(modulePathCheck, fakeSystem(), undefined, {module})).outcome;
}

test('a subgroup path: pass, with the two-segment discovery caveat (gitlab-behaviour.md §1.3)', async () => {
	const outcome = await judge('gitlab.example.com/group/sub/project');
	assert.equal(outcome.status, 'pass');
	assert.ok((outcome.data as ModulePathData).subgroup);
	assert.match(outcome.details!.join('\n'), /first two elements/);
	assert.deepEqual((outcome.data as ModulePathData).candidates, [
		'gitlab.example.com/group/sub/project',
		'gitlab.example.com/group/sub',
		'gitlab.example.com/group',
		'gitlab.example.com',
	]);
});

test('a VCS-qualified path skips discovery (go-behaviour.md §5.2)', async () => {
	const outcome = await judge('gitlab.example.com/group/sub/project.git/pkg');
	assert.equal(outcome.status, 'pass');
	assert.deepEqual((outcome.data as ModulePathData).qualifier, {
		root: 'gitlab.example.com/group/sub/project.git',
		repo: 'gitlab.example.com/group/sub/project',
		vcs: 'git',
	});
	assert.match(outcome.summary, /skips \?go-get=1/);
});

test('a two-element path is not a subgroup', async () => {
	const outcome = await judge('gitlab.example.com/group/project');
	assert.equal((outcome.data as ModulePathData).subgroup, false);
});

test('a host alone names no project: fail', async () => {
	assert.equal((await judge('gitlab.example.com')).status, 'fail');
	assert.equal((await judge('gitlab.example.com/group')).status, 'fail');
});
