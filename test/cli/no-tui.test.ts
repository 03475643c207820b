// The interactive view opens only for a person at a terminal. Under a pseudo-terminal (as lefthook runs hooks),
// git's hook environment, a hook runner, CI or --plain must each give the plain report and a finished run.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {runCommand} from '../fake-gitlab/proc.js';
import {cliPath, emptyHome} from '../helpers/run-cli.js';

const module = 'gitlab.example.com/group/project';

/** Runs the CLI with stdin and stdout on a pseudo-terminal (util-linux `script`), as lefthook does. */
function underPty(args: string[], env: Record<string, string>) {
	const command = [process.execPath, cliPath, ...args].map(word => `'${word}'`).join(' ');
	return runCommand('script', ['-qefc', command, '/dev/null'], {env: {...env, TERM: 'xterm-256color'}, timeoutMs: 20_000});
}

for (const [name, extra, args] of [
	["git's hook environment (GIT_INDEX_FILE, GIT_EXEC_PATH)", {GIT_INDEX_FILE: '.git/index', GIT_EXEC_PATH: '/usr/lib/git-core'}, []],
	['the pre-commit framework (PRE_COMMIT=1)', {PRE_COMMIT: '1'}, []],
	['--plain', {}, ['--plain']],
	['CI=true', {CI: 'true'}, []],
] as const) {
	test(`on a terminal, ${name} gives the plain report, not the interactive view`, async () => {
		const {env, cleanup} = emptyHome({...extra, GOPRIVATE: 'gitlab.example.com'});
		try {
			const run = await underPty([module, '--offline', ...args], env);
			assert.equal(run.timedOut, false, 'the run did not finish: an interactive view is waiting for keys');
			const text = run.stdout.replace(/\u001B\[[0-9;]*[A-Za-z]/g, '');
			assert.match(text, /gitlab-go-check gitlab\.example\.com\/group\/project/);
			assert.match(text, /pass\s+Go settings/);
			assert.doesNotMatch(run.stdout, /\u001B\[\?1049h|\u001B\[\?25l/, 'no alternate screen or hidden cursor');
		} finally {
			cleanup();
		}
	});
}

test('in CI the progress is one line per finished check, with no colour and no control sequences', async () => {
	const {env, cleanup} = emptyHome({CI: 'true', GOPRIVATE: 'gitlab.example.com'});
	try {
		const run = await underPty([module, '--offline'], env);
		assert.doesNotMatch(run.stdout, /\u001B\[/, 'no escape sequence in a CI log');
		assert.match(run.stdout, /^gitlab-go-check: \[4\/4\] (pass|warn|fail|skip) [a-z-]+ \(\d+ ms\)\r?$/m);
	} finally {
		cleanup();
	}
});
