// Repository mode's verdicts from one graph (fake checks): a host step's warning about some of its modules only
// counts for those modules.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Redactor} from '../../source/engine/redact.js';
import type {Check} from '../../source/engine/types.js';
import {runRepository} from '../../source/repository/run.js';
import {goEnvCheck} from '../../source/checks/go-env.js';
import {fakeSystem} from '../helpers/fake-system.js';

test('a host step\'s warning that concerns one module warns that module only; one about the whole host counts for every module', async () => {
	const run = (concerns: string[] | undefined) => {
		const checks: Check<any>[] = [
			{id: 'module-path', title: 'Module path', needs: [], local: true, run: async () => ({status: 'pass', summary: ''})},
			{id: 'token', title: 'GitLab token', needs: [], local: true, scope: 'host', run: async () => ({status: 'warn', summary: 'cannot see one project', ...(concerns ? {concerns} : {})})},
		];
		return runRepository({
			checks,
			modules: ['gitlab.test/g/seen', 'gitlab.test/g/hidden'].map(path => ({path, version: 'v1.0.0', source: 'require' as const, file: 'go.mod'})),
			options: {offline: true, timeoutMs: 1000, verbose: false},
			context: {system: fakeSystem(), secrets: new Redactor()},
		});
	};
	const some = await run(['gitlab.test/g/hidden']);
	assert.deepEqual(some.modules.map(module => [module.module, module.verdict]), [['gitlab.test/g/seen', 'pass'], ['gitlab.test/g/hidden', 'warn']]);
	assert.equal(some.hosts[0]!.verdict, 'warn');
	const all = await run(undefined);
	assert.deepEqual(all.modules.map(module => module.verdict), ['warn', 'warn']);
});

test('go env is asked once for a run, however many hosts the repository\'s modules are on', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, commands: {go: args => (args[0] === 'env' ? {stdout: `${'\n'.repeat(18)}go1.22.2\n`} : {})}});
	const result = await runRepository({
		checks: [goEnvCheck],
		modules: ['gitlab.one.test/g/a', 'gitlab.two.test/g/b', 'gitlab.three.test/g/c'].map(path => ({path, version: 'v1.0.0', source: 'require' as const, file: 'go.mod'})),
		options: {offline: true, timeoutMs: 1000, verbose: false},
		context: {system, secrets: new Redactor()},
	});
	assert.equal(result.settings[0]?.status, 'pass', result.settings[0]?.summary);
	assert.equal(system.calls.filter(call => call.startsWith('go env')).length, 1, system.calls.join('\n'));
});
