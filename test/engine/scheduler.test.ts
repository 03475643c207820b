import {test} from 'node:test';
import assert from 'node:assert/strict';
import {findCycle, readersOf, runGraph, runSteps, stepKey, withDependents} from '../../source/engine/scheduler.js';
import {resolveTarget} from '../../source/engine/target.js';
import {verdictOf} from '../../source/engine/diagnose.js';
import type {Check, CheckId, EngineEvent, Outcome} from '../../source/engine/types.js';
import {contextFor, fakeSystem} from '../helpers/fake-system.js';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function check(id: CheckId, needs: CheckId[], run: () => Promise<Outcome<any>> | Outcome<any>, extra: Partial<Check> = {}): Check {
	return {id, title: id, needs, local: true, run: async () => run(), ...extra};
}

const realClock = () => ({...fakeSystem(), now: () => performance.now()});

test('independent checks run at once: each waits until the other has started, which one after the other never happens', async () => {
	let startedA!: () => void;
	let startedB!: () => void;
	const a = new Promise<void>(resolve => (startedA = resolve));
	const b = new Promise<void>(resolve => (startedB = resolve));
	const within = (promise: Promise<void>) => Promise.race([promise.then(() => true), sleep(5000).then(() => false)]);
	const checks = [
		check('go-env', [], async () => (startedA(), {status: (await within(b)) ? 'pass' : 'fail', summary: 'a'})),
		check('module-path', [], async () => (startedB(), {status: (await within(a)) ? 'pass' : 'fail', summary: 'b'})),
	];
	const finished = await runGraph({checks, context: contextFor(fakeSystem())});
	assert.deepEqual([...finished.values()].map(entry => entry.result.status), ['pass', 'pass'], 'ran one after the other');
});

test('a step that listens on its signal many times (a request per module) raises no leak warning', async () => {
	const warnings: string[] = [];
	const onWarning = (warning: Error) => warnings.push(warning.name);
	process.on('warning', onWarning);
	try {
		const checks = [
			check('go-env', [], () => ({status: 'pass', summary: ''})),
			{...check('token', [], () => ({status: 'pass', summary: ''})), run: async (_context: unknown, _upstream: unknown, signal: AbortSignal) => {
				for (let index = 0; index < 60; index++) signal.addEventListener('abort', () => {});
				return {status: 'pass' as const, summary: 'asked 60 things at once'};
			}},
		] as Check[];
		const targets = Array.from({length: 30}, (_, index) => resolveTarget(`gitlab.example.com/group/m${index}`));
		await runSteps({checks, targets, context: contextFor(fakeSystem()), signal: new AbortController().signal});
		await sleep(10);
	} finally {
		process.off('warning', onWarning);
	}
	assert.deepEqual(warnings.filter(name => name === 'MaxListenersExceededWarning'), []);
});

test('a check waits for its needs and reads their data', async () => {
	const order: string[] = [];
	const checks: Check<any>[] = [
		check('go-env', [], async () => (await sleep(30), order.push('go-env'), {status: 'pass', summary: '', data: 42})),
		{id: 'private-module', title: 'p', needs: ['go-env'], local: true, run: async (_c, upstream) => {
			order.push('private-module');
			return {status: 'pass', summary: String(upstream.data('go-env'))};
		}},
	];
	const finished = await runGraph({checks, context: contextFor(fakeSystem())});
	assert.deepEqual(order, ['go-env', 'private-module']);
	assert.equal(finished.get('private-module')!.result.summary, '42');
});

test('a failed need makes the dependent skip with blockedBy, transitively naming the blocked step', async () => {
	const checks = [
		check('netrc', [], () => ({status: 'fail', summary: 'bad'})),
		check('token', ['netrc'], () => ({status: 'pass', summary: 'never runs'})),
		check('go-import', ['token'], () => ({status: 'pass', summary: 'never runs'})),
	];
	const finished = await runGraph({checks, context: contextFor(fakeSystem())});
	assert.equal(finished.get('token')!.result.status, 'skip');
	assert.deepEqual(finished.get('token')!.result.blockedBy, ['netrc']);
	assert.equal(finished.get('go-import')!.result.status, 'skip');
	assert.deepEqual(finished.get('go-import')!.result.blockedBy, ['token']);
});

test('a need skipped as not applicable does not block; `after` runs even when its upstream failed', async () => {
	const checks = [
		check('go-import', [], () => ({status: 'skip', summary: 'not used for VCS-qualified paths'})),
		check('go-env', [], () => ({status: 'fail', summary: 'x'})),
		check('git-route', ['go-import'], () => ({status: 'pass', summary: 'ran'})),
		check('netrc', [], () => ({status: 'pass', summary: 'ran'}), {after: ['go-env']}),
	];
	const finished = await runGraph({checks, context: contextFor(fakeSystem())});
	assert.equal(finished.get('git-route')!.result.summary, 'ran');
	assert.equal(finished.get('netrc')!.result.summary, 'ran');
});

test('a check that throws becomes a failing result saying it is an internal error; the others go on', async () => {
	const checks = [
		check('go-env', [], () => {
			throw new Error('boom');
		}),
		check('module-path', [], () => ({status: 'pass', summary: 'fine'})),
	];
	const finished = await runGraph({checks, context: contextFor(fakeSystem())});
	const crashed = finished.get('go-env')!.result;
	assert.equal(crashed.status, 'fail');
	assert.match(crashed.summary, /internal error.*boom/);
	assert.equal(finished.get('module-path')!.result.status, 'pass');
});

test('a check over its time limit fails, says the limit, and its signal is aborted', async () => {
	let aborted = false;
	const checks: Check[] = [
		{id: 'https', title: 'https', needs: [], local: false, timeLimitMs: () => 50, run: (_c, _u, signal) => new Promise(() => {
			signal.addEventListener('abort', () => (aborted = true));
		})},
	];
	const finished = await runGraph({checks, context: contextFor(realClock())});
	const result = finished.get('https')!.result;
	assert.equal(result.status, 'fail');
	assert.match(result.summary, /did not finish within 50 ms/);
	assert.ok(aborted);
});

test('Ctrl-C: an aborted run cancels running checks and skips the rest', async () => {
	const controller = new AbortController();
	const checks = [
		check('https', [], () => new Promise<Outcome>(resolve => setTimeout(() => resolve({status: 'pass', summary: 'late'}), 5000))),
		check('token', ['https'], () => ({status: 'pass', summary: 'never'})),
	];
	setTimeout(() => controller.abort(), 20);
	const started = performance.now();
	const finished = await runGraph({checks, context: contextFor(realClock()), signal: controller.signal});
	assert.ok(performance.now() - started < 1000);
	assert.equal(finished.get('https')!.result.status, 'skip');
	assert.equal(finished.get('token')!.result.status, 'skip');
});

test('events: started before finished for every check that runs, finished for every check', async () => {
	const events: EngineEvent[] = [];
	const checks = [check('netrc', [], () => ({status: 'fail', summary: ''})), check('token', ['netrc'], () => ({status: 'pass', summary: ''}))];
	await runGraph({checks, context: contextFor(fakeSystem()), onEvent: event => events.push(event)});
	assert.deepEqual(
		events.map(event => (event.type === 'started' ? `started ${event.id}` : `finished ${event.result.id}`)),
		['started netrc', 'finished netrc', 'finished token'],
	);
});

test('re-run: reused results are kept, only the selected steps run again', async () => {
	let runs = 0;
	const checks = [check('go-env', [], () => (runs++, {status: 'pass', summary: 'env'})), check('netrc', ['go-env'], () => ({status: 'pass', summary: `netrc ${runs}`}))];
	const first = await runGraph({checks, context: contextFor(fakeSystem())});
	const reuse = new Map([['go-env', first.get('go-env')!]] as const);
	const second = await runGraph({checks, context: contextFor(fakeSystem()), reuse});
	assert.equal(runs, 1);
	assert.equal(second.get('netrc')!.result.summary, 'netrc 1');
});

test('withDependents follows needs and after edges transitively', () => {
	const checks = [
		check('netrc', [], () => ({status: 'pass', summary: ''})),
		check('token', ['netrc'], () => ({status: 'pass', summary: ''})),
		check('go-import', [], () => ({status: 'pass', summary: ''}), {after: ['token']}),
		check('go-env', [], () => ({status: 'pass', summary: ''})),
	];
	assert.deepEqual([...withDependents(checks, ['netrc'])].sort(), ['go-import', 'netrc', 'token']);
});

test('the verdict is the worst status; skips count for nothing', () => {
	assert.equal(verdictOf(['pass', 'skip']), 'pass');
	assert.equal(verdictOf(['pass', 'warn', 'skip']), 'warn');
	assert.equal(verdictOf(['warn', 'fail', 'pass']), 'fail');
	assert.equal(verdictOf([]), 'pass');
});

test('a cycle in the step graph is refused with the cycle named, instead of waiting forever', async () => {
	const checks = [
		check('netrc', ['token'], () => ({status: 'pass', summary: ''})),
		check('token', [], () => ({status: 'pass', summary: ''}), {after: ['go-import']}),
		check('go-import', ['netrc'], () => ({status: 'pass', summary: ''})),
	];
	await assert.rejects(runGraph({checks, context: contextFor(fakeSystem())}), /cycle: (netrc → token → go-import → netrc)/);
	await assert.rejects(runGraph({checks: [check('https', ['https'], () => ({status: 'pass', summary: ''}))], context: contextFor(fakeSystem())}), /cycle: https → https/);
});

test('the real check list has no cycle', async () => {
	const {allChecks} = await import('../../source/checks/index.js');
	assert.equal(findCycle(allChecks), undefined);
	const {checkIds} = await import('../../source/engine/types.js');
	assert.deepEqual(allChecks.map(check => check.id), [...checkIds], 'every check id is registered once, in order');
});

test('settled: a check starts its own work at once and reads the others\' results at its end, delaying none of them', async () => {
	const events: string[] = [];
	const checks: Check<any>[] = [
		check('https', [], async () => (await sleep(120), events.push('https done'), {status: 'fail', summary: 'unreachable'})),
		check('token', ['https'], async () => ({status: 'pass', summary: 'never runs'})),
		{
			id: 'go-confirm',
			title: 'go',
			needs: [],
			readsAtEnd: ['https', 'token'],
			local: true,
			run: async (_context, upstream) => {
				events.push('go-confirm started');
				await sleep(60);
				events.push('go-confirm own work done');
				await upstream.settled?.(['https', 'token']);
				return {status: 'pass', summary: `https ${upstream.result('https')?.status}, token ${upstream.result('token')?.status}`};
			},
		},
	];
	const finished = await runGraph({checks, context: contextFor(realClock())});
	// Its own work (60 ms) ended before https's (120 ms): it ran beside, not after.
	assert.deepEqual(events, ['go-confirm started', 'go-confirm own work done', 'https done']);
	assert.equal(finished.get('go-confirm')!.result.summary, 'https fail, token skip');
});

test('startsBeside: the check runs beside its need instead of after it (the need waits until it has started)', async () => {
	let dependentStarted!: () => void;
	const started = new Promise<void>(resolve => (dependentStarted = resolve));
	const checks = [
		check('https', [], async () => ({status: (await Promise.race([started.then(() => true), sleep(5000).then(() => false)])) ? 'pass' : 'fail', summary: 'reached'})),
		check('go-import', ['https'], async () => (dependentStarted(), {status: 'pass', summary: 'discovered'}), {startsBeside: ['https']}),
	];
	const finished = await runGraph({checks, context: contextFor(realClock())});
	assert.equal(finished.get('https')!.result.status, 'pass', 'go-import waited for https');
	assert.equal(finished.get('go-import')!.result.summary, 'discovered');
});

test('startsBeside: when that need fails, the running check is stopped and reported as blocked by it', async () => {
	let aborted = false;
	const checks: Check[] = [
		check('https', [], async () => (await sleep(30), {status: 'fail', summary: 'unreachable'})),
		{id: 'go-import', title: 'go-import', needs: ['https'], startsBeside: ['https'], local: false, run: (_c, _u, signal) =>
			new Promise(resolve => {
				signal.addEventListener('abort', () => {
					aborted = true;
					resolve({status: 'fail', summary: 'transport error'});
				});
			})},
	];
	const finished = await runGraph({checks, context: contextFor(realClock())});
	const result = finished.get('go-import')!.result;
	assert.ok(aborted, 'the running check was not stopped');
	assert.equal(result.status, 'skip');
	assert.deepEqual(result.blockedBy, ['https']);
	assert.match(result.summary, /blocked by https/);
});

test('readersOf: a change to a resource re-runs the steps that declare it and their dependents, nothing else', () => {
	const checks = [
		check('go-env', [], () => ({status: 'pass', summary: ''}), {reads: ['go-env-file']}),
		check('netrc', [], () => ({status: 'pass', summary: ''}), {reads: ['netrc-file'], after: ['go-env']}),
		check('token', ['netrc'], () => ({status: 'pass', summary: ''})),
		check('module-path', [], () => ({status: 'pass', summary: ''})),
	];
	assert.deepEqual([...readersOf(checks, ['netrc-file'])].sort(), ['netrc', 'token']);
	assert.deepEqual([...readersOf(checks, ['go-env-file'])].sort(), ['go-env', 'netrc', 'token']);
	assert.deepEqual([...readersOf(checks, ['git-config'])], []);
});

test('many subjects in one graph: a host-scoped step runs once per host, module steps once per module and read their host\'s step', async () => {
	const runs: string[] = [];
	const checks: Check<any>[] = [
		{id: 'https', title: 'h', needs: [], local: true, scope: 'host', run: async context => (runs.push(`https ${context.target.host}`), {status: 'pass', summary: '', data: {host: context.target.host}})},
		{id: 'go-import', title: 'g', needs: ['https'], local: true, run: async (context, upstream) => {
			runs.push(`go-import ${context.target.module}`);
			return {status: 'pass', summary: `${(upstream.data('https') as unknown as {host: string}).host} for ${context.target.module}`};
		}},
	];
	const context = contextFor(fakeSystem());
	const targets = ['a.test/g/one', 'a.test/g/two', 'b.test/g/three'].map(module => resolveTarget(module));
	const events: EngineEvent[] = [];
	const finished = await runSteps({checks, targets, context, onEvent: event => events.push(event)});
	assert.deepEqual(runs.filter(run => run.startsWith('https')).sort(), ['https a.test', 'https b.test']);
	assert.equal(finished.get(stepKey('go-import', 'a.test/g/two'))!.result.summary, 'a.test for a.test/g/two');
	assert.equal(finished.get(stepKey('go-import', 'b.test/g/three'))!.result.summary, 'b.test for b.test/g/three');
	assert.equal(finished.get(stepKey('go-import', 'b.test/g/three'))!.result.subject, 'b.test/g/three');
	assert.equal(finished.size, 5);
	assert.ok(events.every(event => (event.type === 'started' ? event.subject : event.result.subject) !== undefined));
});

test('a host step reads every module on its host, never just the first: each() in order; blocked only when its need blocks for every module', async () => {
	const seen: string[][] = [];
	const checks: Check<any>[] = [
		// module-path fails for the first module only.
		{id: 'module-path', title: 'm', needs: [], local: true, run: async context => (context.target.module.endsWith('/bad') ? {status: 'fail', summary: 'bad path'} : {status: 'pass', summary: 'ok', data: {module: context.target.module}})},
		{id: 'https', title: 'h', needs: ['module-path'], local: true, scope: 'host', run: async (_context, upstream) => {
			seen.push(upstream.each!('module-path').map(entry => `${entry.target.module} ${entry.result?.status}`));
			return {status: 'pass', summary: `read ${(upstream.data('module-path') as unknown as {module: string}).module}`};
		}},
	];
	const targets = ['a.test/g/bad', 'a.test/g/good', 'b.test/g/bad'].map(module => resolveTarget(module));
	const finished = await runSteps({checks, targets, context: contextFor(fakeSystem())});
	// a.test: one module gets through, so its host step runs and reads that one; b.test: every module blocks it.
	assert.deepEqual(seen, [['a.test/g/bad fail', 'a.test/g/good pass']]);
	assert.equal(finished.get(stepKey('https', 'a.test'))!.result.summary, 'read a.test/g/good');
	assert.deepEqual(finished.get(stepKey('https', 'b.test'))!.result.blockedBy, ['module-path']);
});

test('a host step of go\'s direct route runs when any module on the host reaches that route, and reads only those modules', async () => {
	const served = new Set(['a.test/g/served']);
	const checks: Check<any>[] = [
		{id: 'module-path', title: 'm', needs: [], local: true, run: async context => ({status: 'pass', summary: '', data: context.target.module})},
		{id: 'go-proxy', title: 'p', needs: [], local: true, decidesRoute: true, run: async context => (served.has(context.target.module)
			? {status: 'pass', summary: 'served', route: {direct: false, summary: 'the proxy serves it', details: []}}
			: {status: 'pass', summary: 'direct', route: {direct: true, summary: '', details: []}})},
		{id: 'netrc', title: 'n', needs: [], after: ['module-path'], local: true, scope: 'host', route: 'direct', run: async (_context, upstream) =>
			({status: 'pass', summary: upstream.each!('module-path').map(entry => entry.data).join(' ')})},
	];
	for (const order of [['a.test/g/served', 'a.test/g/direct'], ['a.test/g/direct', 'a.test/g/served']]) {
		const finished = await runSteps({checks, targets: order.map(module => resolveTarget(module)), context: contextFor(fakeSystem())});
		assert.equal(finished.get(stepKey('netrc', 'a.test'))!.result.summary, 'a.test/g/direct', order.join(', '));
	}
	served.add('a.test/g/direct');
	const offRoute = await runSteps({checks, targets: ['a.test/g/served', 'a.test/g/direct'].map(module => resolveTarget(module)), context: contextFor(fakeSystem())});
	assert.match(offRoute.get(stepKey('netrc', 'a.test'))!.result.summary, /not on go's route: the proxy serves it/);
});

test('one module: results carry no subject, so the JSON of a single-module run is unchanged', async () => {
	const finished = await runGraph({checks: [check('go-env', [], () => ({status: 'pass', summary: ''}))], context: contextFor(fakeSystem())});
	assert.equal('subject' in finished.get('go-env')!.result, false);
});

test('safe is only for fixes the tool can apply: a fix marked safe without actions comes out not safe', async () => {
	const finished = await runGraph({
		checks: [check('go-env', [], () => ({status: 'fail', summary: '', fixes: [
			{title: 'a command to run by hand', commands: ['ssh -G x | grep host'], safe: true},
			{title: 'chmod', commands: ['chmod 600 /h/.netrc'], safe: true, actions: [{kind: 'chmod', path: '/h/.netrc', mode: 0o600}]},
		]}))],
		context: contextFor(fakeSystem()),
	});
	assert.deepEqual(finished.get('go-env')!.result.fixes.map(fix => fix.safe), [false, true]);
});

// --- Checks of go's direct route, and the check that decides whether go takes it (issue 13) ---

const offRouteDecision = {direct: false, summary: 'https://goproxy.example serves the module, so go never fetches it from GitLab with git', details: ['If it stopped serving it: …']};

test('a route check runs beside the route decider, and becomes skip "not on go\'s route" (never fail) when go does not take that route', async () => {
	const ran: string[] = [];
	const checks = [
		check('go-proxy', [], async () => (await sleep(40), ran.push('go-proxy'), {status: 'pass', summary: 'served', route: offRouteDecision}), {decidesRoute: true}),
		check('go-import', [], () => (ran.push('go-import'), {status: 'fail', summary: 'two-segment answer'}), {route: 'direct'}),
		check('git-route', ['go-import'], () => (ran.push('git-route'), {status: 'pass', summary: 'ran'}), {route: 'direct'}),
	];
	const events: EngineEvent[] = [];
	const finished = await runGraph({checks, context: contextFor(realClock()), onEvent: event => events.push(event)});
	const goImport = finished.get('go-import')!.result;
	assert.equal(goImport.status, 'skip');
	assert.equal(goImport.summary, `not on go's route: ${offRouteDecision.summary}`);
	assert.deepEqual(goImport.details, offRouteDecision.details);
	assert.deepEqual(goImport.blockedBy, []);
	assert.equal(finished.get('git-route')!.result.status, 'skip');
	assert.ok(ran.indexOf('go-import') < ran.indexOf('go-proxy'), 'the route check started beside the decider, not after it');
	// The failing result was never announced: the only finished event for go-import is the skip.
	assert.deepEqual(events.filter(event => event.type === 'finished' && event.result.id === 'go-import').map(event => (event as {result: {status: string}}).result.status), ['skip']);
});

test('when the decider says go reaches the direct route, route checks judge as usual; without a decider (offline) too', async () => {
	const onRoute = [
		check('go-proxy', [], () => ({status: 'warn', summary: 'falls back', route: {direct: true, summary: '', details: []}}), {decidesRoute: true}),
		check('go-import', [], () => ({status: 'fail', summary: 'two-segment answer'}), {route: 'direct'}),
	];
	assert.equal((await runGraph({checks: onRoute, context: contextFor(fakeSystem())})).get('go-import')!.result.status, 'fail');
	const offline = [check('netrc', [], () => ({status: 'fail', summary: 'no entry'}), {route: 'direct'})];
	assert.equal((await runGraph({checks: offline, context: contextFor(fakeSystem())})).get('netrc')!.result.status, 'fail');
});

test('a route decision from a check not marked decidesRoute is ignored; a blocked route check off the route says why it does not matter', async () => {
	const checks = [
		check('private-module', [], () => ({status: 'pass', summary: 'x', route: offRouteDecision})),
		check('netrc', [], () => ({status: 'fail', summary: 'no entry'}), {route: 'direct'}),
	];
	assert.equal((await runGraph({checks, context: contextFor(fakeSystem())})).get('netrc')!.result.status, 'fail');
	const blocked = [
		check('go-proxy', [], async () => (await sleep(10), {status: 'pass', summary: 'served', route: offRouteDecision}), {decidesRoute: true}),
		check('https', [], () => ({status: 'fail', summary: 'unreachable'}), {route: 'direct'}),
		check('token', ['https'], () => ({status: 'pass', summary: 'never runs'}), {route: 'direct'}),
	];
	const finished = await runGraph({checks: blocked, context: contextFor(fakeSystem())});
	assert.equal(finished.get('https')!.result.status, 'skip');
	assert.match(finished.get('token')!.result.summary, /^not on go's route/);
});

test('a decider that waits for a route check is a cycle, named; a re-run of the decider redoes the route checks', () => {
	const checks = [
		check('go-proxy', [], () => ({status: 'pass', summary: ''}), {decidesRoute: true, after: ['netrc']}),
		check('netrc', [], () => ({status: 'pass', summary: ''}), {route: 'direct'}),
	];
	assert.deepEqual(findCycle(checks), ['go-proxy', 'netrc', 'go-proxy']);
	const fine = [check('go-proxy', [], () => ({status: 'pass', summary: ''}), {decidesRoute: true}), check('netrc', [], () => ({status: 'pass', summary: ''}), {route: 'direct'})];
	assert.deepEqual([...withDependents(fine, ['go-proxy'])].sort(), ['go-proxy', 'netrc']);
});

test('the "not on go\'s route" skip shows the decider\'s words safely (a proxy\'s answer may hold control characters)', async () => {
	const checks = [
		check('go-proxy', [], () => ({status: 'fail', summary: 'x', route: {direct: false, summary: 'go stops at https://p.example (\u001b]52;c;eA==\u0007)', details: ['\u001b[2J']}}), {decidesRoute: true}),
		check('go-import', [], () => ({status: 'pass', summary: 'ran'}), {route: 'direct'}),
	];
	const result = (await runGraph({checks, context: contextFor(fakeSystem())})).get('go-import')!.result;
	assert.ok(!/[\u0000-\u001f]/.test(result.summary + result.details.join('')), JSON.stringify(result));
	assert.match(result.summary, /^not on go's route: go stops at https:\/\/p\.example/);
});
