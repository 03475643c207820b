// Commands started before the checks load: a step gets the early answer only for the very same question, once.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {curlVersionQuery, startEarly, stopUntakenEarly, withEarlyAnswers} from '../../source/system/early-commands.js';
import type {Exec, ExecOptions} from '../../source/system/types.js';

function countingExec() {
	const calls: string[] = [];
	const exec: Exec = {
		async run(command: string, args: string[], options: ExecOptions) {
			calls.push(`${command} ${args.join(' ')} ${options.env?.['MARK'] ?? ''}`.trim());
			return {code: 0, stdout: `answer ${calls.length}`, stderr: '', timedOut: false};
		},
	};
	return {exec, calls};
}

test('an early answer is taken once for the same query; another environment or a re-run asks afresh', async () => {
	const {exec, calls} = countingExec();
	const query = curlVersionQuery({MARK: 'a'});
	startEarly(exec, [query]);
	const steps = withEarlyAnswers(exec);
	assert.equal((await steps.run(query.command, query.args, {...query.options, env: {MARK: 'b'}})).stdout, 'answer 2');
	assert.equal((await steps.run(query.command, query.args, {...query.options, env: {MARK: 'a'}})).stdout, 'answer 1');
	assert.equal((await steps.run(query.command, query.args, query.options)).stdout, 'answer 3');
	assert.deepEqual(calls, ['curl --version a', 'curl --version b', 'curl --version a']);
});

test('a query with a signal or input is never answered early', async () => {
	const {exec, calls} = countingExec();
	const query = curlVersionQuery({MARK: 'c'});
	startEarly(exec, [query]);
	const steps = withEarlyAnswers(exec);
	await steps.run(query.command, query.args, {...query.options, signal: new AbortController().signal});
	await steps.run(query.command, query.args, {...query.options, input: ''});
	assert.equal(calls.length, 3);
});

test('what no step took is stopped at the end of the run, and later asked afresh', async () => {
	const signals: Array<AbortSignal | undefined> = [];
	const exec: Exec = {
		run: (_command, _args, options) => {
			signals.push(options.signal);
			return new Promise(done => options.signal?.addEventListener('abort', () => done({code: undefined, stdout: '', stderr: '', timedOut: false}), {once: true}) ?? done({code: 0, stdout: 'fresh', stderr: '', timedOut: false}));
		},
	};
	const query = curlVersionQuery({MARK: 'd'});
	startEarly(exec, [query]);
	stopUntakenEarly();
	assert.equal(signals[0]?.aborted, true);
	assert.equal((await withEarlyAnswers(exec).run(query.command, query.args, query.options)).stdout, 'fresh');
});
