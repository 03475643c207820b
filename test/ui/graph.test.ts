import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {withDependents} from '../../source/engine/scheduler.js';
import {checkIds, type Check, type CheckId} from '../../source/engine/types.js';
import {dependentsOf, layoutGraph, relationsTo} from '../../source/ui/graph.js';

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

test('relations: the selected step, what it waits for (▲), and everything downstream (▼)', () => {
	const nodes = layoutGraph([
		{id: 'go-env', title: 'a', needs: []},
		{id: 'netrc', title: 'b', needs: [], after: ['go-env']},
		{id: 'https', title: 'c', needs: []},
		{id: 'token', title: 'd', needs: ['netrc', 'https']},
		{id: 'go-import', title: 'e', needs: ['token']},
	]);
	const relations = relationsTo(nodes, nodes.find(node => node.id === 'netrc'));
	assert.deepEqual(Object.fromEntries(relations), {'go-env': 'feeds-selected', netrc: 'selected', token: 'needs-selected', 'go-import': 'needs-selected'});
	assert.equal(relations.get('https' as CheckId), undefined);
});
