import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {withDependents} from '../../source/engine/scheduler.js';
import {checkIds, type Check, type CheckId} from '../../source/engine/types.js';
import {dependentsOf, layoutGraph, stages} from '../../source/ui/graph.js';

/** Random DAGs over the real check ids: each check needs / reads only checks listed before it. */
const dags = fc
	.array(fc.tuple(fc.array(fc.nat(checkIds.length - 1), {maxLength: 3}), fc.array(fc.nat(checkIds.length - 1), {maxLength: 2})), {minLength: checkIds.length, maxLength: checkIds.length})
	.map(edges =>
		checkIds.map((id, index): Pick<Check, 'id' | 'title' | 'needs' | 'after'> => ({
			id,
			title: id,
			needs: [...new Set(edges[index]![0].filter(n => n < index).map(n => checkIds[n]!))],
			after: [...new Set(edges[index]![1].filter(n => n < index).map(n => checkIds[n]!))],
		})),
	);

test('▼ marks exactly what `r` re-runs: dependentsOf agrees with the scheduler\'s withDependents on any graph', () => {
	fc.assert(
		fc.property(dags, fc.nat(checkIds.length - 1), (checks, pick) => {
			const id = checkIds[pick]!;
			const expected = withDependents(checks as Check[], [id]);
			expected.delete(id);
			assert.deepEqual([...dependentsOf(layoutGraph(checks), id)].sort(), [...expected].sort());
		}),
	);
});

test('depth is one more than the deepest need, so a step is always indented deeper than all it needs', () => {
	fc.assert(
		fc.property(dags, checks => {
			const nodes = layoutGraph(checks);
			const depth = new Map(nodes.map(node => [node.id, node.depth]));
			for (const node of nodes) {
				for (const need of node.needs) assert.ok(node.depth > depth.get(need)!);
				if (node.needs.length === 0) assert.equal(node.depth, 0);
				else assert.equal(node.depth, 1 + Math.max(...node.needs.map(need => depth.get(need)!)));
			}
		}),
	);
});

const stageIndex = (id: string) => stages.findIndex(stage => stage.id === id);

test('a step never sits in a stage before a step it needs, and the list goes stage by stage, in check order within one', () => {
	fc.assert(
		fc.property(dags, checks => {
			const nodes = layoutGraph(checks);
			const stageOf = new Map(nodes.map(node => [node.id, stageIndex(node.stage)]));
			for (const node of nodes) for (const need of node.needs) assert.ok(stageOf.get(node.id)! >= stageOf.get(need)!, `${node.id} before ${need}`);
			const order = nodes.map(node => stageIndex(node.stage));
			assert.deepEqual(order, [...order].sort((a, b) => a - b));
			for (const stage of stages) {
				const within = nodes.filter(node => node.stage === stage.id).map(node => checkIds.indexOf(node.id));
				assert.deepEqual(within, [...within].sort((a, b) => a - b));
			}
		}),
	);
});

test('the real checks: local settings, the GitLab host, discovery, git, the module proxy, the real go', async () => {
	const {allChecks} = await import('../../source/checks/index.js');
	const nodes = layoutGraph(allChecks);
	assert.deepEqual(
		stages.map(stage => [stage.id, nodes.filter(node => node.stage === stage.id).map(node => node.id)]),
		[
			['local', ['go-env', 'private-module', 'module-path', 'netrc']],
			['host', ['https', 'token']],
			['discovery', ['go-import']],
			['git', ['git-route', 'git-auth', 'git-access', 'geo-secondary']],
			['proxy', ['go-proxy']],
			['confirm', ['go-confirm']],
		],
	);
});

test('a check the stages do not know goes with the latest stage it needs, or by whether it works offline', () => {
	const nodes = layoutGraph([
		{id: 'go-env', title: 'a', needs: []},
		{id: 'git-route', title: 'b', needs: ['go-env']},
		{id: 'new-after-git' as CheckId, title: 'c', needs: ['git-route', 'go-env']},
		{id: 'new-online' as CheckId, title: 'd', needs: [], local: false},
		{id: 'new-offline' as CheckId, title: 'e', needs: []},
	]);
	assert.deepEqual(Object.fromEntries(nodes.map(node => [node.id, node.stage])), {
		'go-env': 'local',
		'new-offline': 'local',
		'new-online': 'host',
		'git-route': 'git',
		'new-after-git': 'git',
	});
	assert.deepEqual(nodes.map(node => node.id), ['go-env', 'new-offline', 'new-online', 'git-route', 'new-after-git']);
});
