import {test} from 'node:test';
import assert from 'node:assert/strict';
import {limitConcurrency} from '../../source/engine/concurrency-limit.js';

test('at most the limit run at once, the others start in the order they came, a failing task frees its slot', async () => {
	const limited = limitConcurrency(2);
	let running = 0;
	let most = 0;
	const started: number[] = [];
	const releases: Array<() => void> = [];
	const task = (index: number) => () => {
		started.push(index);
		running++;
		most = Math.max(most, running);
		return new Promise<number>((resolve, reject) => releases.push(() => (running--, index === 1 ? reject(new Error('one')) : resolve(index))));
	};
	const results = [0, 1, 2, 3, 4].map(index => limited(task(index)).catch((error: Error) => error.message));
	for (let round = 0; round < 5; round++) {
		await new Promise(resolve => setImmediate(resolve));
		releases.shift()?.();
	}
	assert.deepEqual(await Promise.all(results), [0, 'one', 2, 3, 4]);
	assert.equal(most, 2);
	assert.deepEqual(started, [0, 1, 2, 3, 4]);
});
