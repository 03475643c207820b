// Fake checks and a session around them, for the TUI's tests: each check's outcome is given, and a
// check can be held until the test lets it finish.
import type {Check, CheckContext, CheckId, Outcome, RunResult} from '../../source/engine/types.js';
import {Redactor} from '../../source/engine/redact.js';
import {Session, type FixPlanner, type SessionOptions} from '../../source/ui/session.js';
import {fakeSystem, type FakeSystem} from '../helpers/fake-system.js';

export type FakeCheck = Check & {runs: number; contexts: CheckContext[]; release(): void};

/** A check whose outcome is `outcome()`; with `held`, each run waits for release(). */
export function fakeCheck(id: CheckId, title: string, needs: CheckId[], outcome: () => Outcome<any>, extra: Partial<Check> & {held?: boolean} = {}): FakeCheck {
	let releases: Array<() => void> = [];
	const check: FakeCheck = {
		id,
		title,
		needs,
		local: true,
		runs: 0,
		contexts: [],
		release() {
			const waiting = releases;
			releases = [];
			for (const release of waiting) release();
		},
		async run(context) {
			check.runs++;
			check.contexts.push(context);
			if (extra.held) await new Promise<void>(resolve => releases.push(resolve));
			return outcome();
		},
		...extra,
	};
	return check;
}

export const token = 'glpat-Abcdefghijklmnopqrst';

/** go-env → netrc (fails with a safe and a manual fix, mentions a secret) → token (needs netrc); module-path alone. */
export function standardChecks(options: {netrcStatus?: () => Outcome['status']} = {}) {
	const netrcStatus = options.netrcStatus ?? (() => 'fail');
	return {
		goEnv: fakeCheck('go-env', 'Go settings', [], () => ({status: 'pass', summary: 'go1.22.2', evidence: {goVersion: 'go1.22.2'}, facts: {go: {version: 'go1.22.2', envFile: 'none', settings: []}}})),
		modulePath: fakeCheck('module-path', 'Module path', [], () => ({status: 'pass', summary: 'valid path'})),
		netrc: fakeCheck('netrc', '.netrc credentials', [], () => {
			const status = netrcStatus();
			return status === 'pass'
				? {status, summary: 'Go and git send alice'}
				: {
						status,
						summary: `/home/u/.netrc can be read by other users (mode 644), password ${token}`,
						details: ['It holds secrets.', `The entry has ${token}.`],
						evidence: {goReads: '/home/u/.netrc (120 bytes)', goSends: `login alice, password ${token}`},
						fixes: [
							{title: 'Ask your GitLab admin for access', commands: [], safe: false, link: 'https://gitlab.test/help'},
							{title: 'Make /home/u/.netrc readable by you alone', commands: ['chmod 600 /home/u/.netrc'], safe: true, actions: [{kind: 'chmod', path: '/home/u/.netrc', mode: 0o600}]},
						],
					};
		}, {after: ['go-env']}),
		token: fakeCheck('token', 'GitLab token', ['netrc'], () => ({status: 'pass', summary: 'alice, read_api'}), {local: false, waitingFor: () => 'gitlab.test'}),
	};
}

export type Harness = {
	session: Session;
	system: FakeSystem;
	redactor: Redactor;
	written: Map<string, string>;
	terminal: string[];
};

export function makeSession(checks: Check<any>[], overrides: Partial<SessionOptions> = {}, systemOptions: Parameters<typeof fakeSystem>[0] = {}): Harness {
	const system = fakeSystem({env: {HOME: '/home/u', TERM: 'xterm'}, commands: {'git --version': {stdout: 'git version 2.43.0\n'}}, ...systemOptions});
	const redactor = new Redactor();
	redactor.add(token);
	const written = new Map<string, string>();
	const terminal: string[] = [];
	const session = new Session({
		checks,
		system,
		redactor,
		offline: false,
		timeoutMs: 10_000,
		verbose: false,
		cwd: '/work/app',
		writeFile: async (path, text) => {
			written.set(path, text);
			return path;
		},
		writeToTerminal: data => terminal.push(data),
		renderReport: async (result: RunResult) => `# Report for ${result.module}\n\n${result.checks.map(check => `- ${check.id}: ${check.status}: ${check.summary}`).join('\n')}\n`,
		...overrides,
	});
	return {session, system, redactor, written, terminal};
}

/** A planner that records what it was asked and what apply got. */
export function recordingPlanner(options: {secretPrompt?: string; inputPrompt?: string; ok?: boolean; onApply?: () => void} = {}) {
	const planned: string[] = [];
	const applied: Array<{secret?: string; input?: string} | undefined> = [];
	const planFix: FixPlanner = async fix => {
		planned.push(fix.title);
		return {
			title: fix.title,
			preview: `$ ${fix.commands.join('\n$ ')}\n  mode 644 → 600`,
			...(options.secretPrompt ? {secretPrompt: options.secretPrompt} : {}),
			...(options.inputPrompt ? {inputPrompt: options.inputPrompt} : {}),
			async apply(input) {
				// The signal is how Ctrl-C reaches the fix; what was typed is what the tests look at.
				const {signal: _signal, ...typed} = input ?? {};
				applied.push(input ? typed : input);
				options.onApply?.();
				return {ok: options.ok ?? true, message: 'mode is now 600 (was 644)', backupPath: '/home/u/.netrc.bak'};
			},
		};
	};
	return {planFix, planned, applied};
}
