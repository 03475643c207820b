// The support report (DESIGN.md "In support sessions": a redacted report pasted into a ticket).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Redactor} from '../../source/engine/redact.js';
import {collectReportFacts, renderMarkdownReport, shortenHome, summaryParagraph, type ReportFacts} from '../../source/output/markdown.js';
import {fakeSystem} from '../helpers/fake-system.js';
import {result, runResult} from '../helpers/results.js';

const home = '/home/alice';
const secret = 'glpat-Aa1Bb2Cc3Dd4Ee5Ff6';
const oddSecret = 'hunter2-not-token-shaped';

function sampleRun() {
	return runResult([
		result({
			id: 'go-env',
			title: 'Go settings',
			status: 'pass',
			summary: 'go1.22.2; GOPRIVATE=gitlab.example.com (go env file)',
			evidence: {
				goVersion: 'go1.22.2',
				goEnvFile: `${home}/.config/go/env (text)`,
				settings: {GOPRIVATE: 'gitlab.example.com (go env file)', GONOPROXY: 'gitlab.example.com (from GOPRIVATE)', GOFLAGS: '(empty, default)', GOPROXY: 'https://proxy.golang.org,direct (default)'},
			},
			facts: {
				go: {
					version: 'go1.22.2',
					envFile: `${home}/.config/go/env (text)`,
					settings: [
						{key: 'GOPRIVATE', value: 'gitlab.example.com', source: 'go env file'},
						{key: 'GONOPROXY', value: 'gitlab.example.com', source: 'from GOPRIVATE'},
						{key: 'GOFLAGS', value: '', source: 'default'},
						{key: 'GOPROXY', value: 'https://proxy.golang.org,direct', source: 'default'},
					],
				},
			},
		}),
		result({
			id: 'netrc',
			title: '.netrc credentials',
			status: 'warn',
			summary: `Go sends alice / glpat-**** (line 3), but ${home}/.netrc can be read by other users (mode 644): it holds secrets`,
			details: [`git sends a different credential (${home}/.netrc line 7) than Go (line 3); the old one was ${oddSecret}`],
			evidence: {
				goReads: `${home}/.netrc (120 bytes)`,
				gitReads: `${home}/.netrc (120 bytes)`,
				goSends: `login alice, password glpat-**** (${home}/.netrc line 3)`,
				gitSends: `login alice, password ${secret} (${home}/.netrc line 7)`,
			},
			fixes: [
				{title: `Make ${home}/.netrc readable by you alone`, commands: [`chmod 600 ${home}/.netrc`], safe: true, actions: [{kind: 'chmod', path: `${home}/.netrc`, mode: 0o600}]},
				{title: 'Add an entry', commands: [`printf 'machine gitlab.example.com login YOUR_GITLAB_USERNAME password YOUR_TOKEN\\n' >> ~/.netrc`], safe: true, link: 'https://gitlab.example.com/-/user_settings/personal_access_tokens?name=go-modules&scopes=read_api'},
			],
		}),
		result({
			id: 'go-import',
			title: 'go-import discovery',
			status: 'fail',
			summary: 'GitLab answers 404 for ?go-get=1',
			details: ['The token lacks read_api | the project is private', 'multi\nline detail'],
			evidence: {request: `https://alice:${secret}@gitlab.example.com/group/project?go-get=1`, status: 404, meta: '<meta name="go-import" content="x git https://x">', headers: {authorization: `Bearer ${secret}`}, tries: ['a', 'b`c']},
			fixes: [{title: 'Create a token with read_api', commands: [], safe: false, link: 'https://gitlab.example.com/-/user_settings/personal_access_tokens'}],
		}),
		result({id: 'git-access', title: 'git ls-remote', status: 'skip', summary: 'skipped: go-import failed', blockedBy: ['go-import']}),
	]);
}

function sampleFacts(): ReportFacts {
	return {
		tool: {name: 'gitlab-go-check', version: '0.1.0'},
		generatedAt: '2026-01-25T10:30:00.000Z',
		os: {platform: 'linux', release: '6.1.0-18-amd64', arch: 'x64'},
		node: 'v20.20.2',
		go: 'go1.22.2',
		goEnvFile: `${home}/.config/go/env (text)`,
		goSettings: [{key: 'GOPRIVATE', value: 'gitlab.example.com', source: 'go env file'}, {key: 'GOFLAGS', value: '', source: 'default'}],
		git: 'git version 2.39.5',
		curl: 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.11',
		netrc: [
			{reader: 'Go', reads: `${home}/.netrc (120 bytes)`, sends: `login alice, password glpat-**** (${home}/.netrc line 3)`},
			{reader: 'git (libcurl)', reads: `${home}/.netrc (120 bytes)`, sends: `login alice, password ${secret} (${home}/.netrc line 7)`},
		],
		insteadOf: {rules: [{base: 'git@gitlab.example.com:', insteadOf: 'https://gitlab.example.com/', scope: 'global', origin: `file:${home}/.gitconfig`, order: 0}]},
		homeDir: home,
	};
}

function render(): string {
	const redactor = new Redactor();
	redactor.add(secret);
	redactor.add(oddSecret);
	return renderMarkdownReport(sampleRun(), redactor, sampleFacts());
}

test('the report has each section: summary, environment, Go settings, .netrc, insteadOf rules, every check', () => {
	const report = render();
	for (const heading of ['# gitlab-go-check report', '## Summary', '## Environment', '## Go settings', '## .netrc', '## git URL rewrites', '## Checks']) {
		assert.ok(report.includes(`\n${heading}`) || report.startsWith(heading), `missing ${heading}`);
	}
	assert.match(report, /Module: `gitlab\.example\.com\/group\/project`/);
	assert.match(report, /Verdict: fail/);
	assert.match(report, /\| OS \| `linux 6\.1\.0-18-amd64 \(x64\)` \|/);
	assert.match(report, /\| Node\.js \| `v20\.20\.2` \|/);
	assert.match(report, /\| Go \| `go1\.22\.2` \|/);
	assert.match(report, /\| git \| `git version 2\.39\.5` \|/);
	assert.match(report, /\| curl \| `curl 7\.88\.1/);
	assert.match(report, /\| `GOPRIVATE` \| `gitlab\.example\.com` \| go env file \|/);
	assert.match(report, /\| `GOFLAGS` \| \(empty\) \| default \|/);
	assert.match(report, /\| Go \| `~\/\.netrc \(120 bytes\)` \| `login alice, password glpat-\*\*\*\* \(~\/\.netrc line 3\)` \|/);
	assert.match(report, /\| `https:\/\/gitlab\.example\.com\/` \| `git@gitlab\.example\.com:` \| global \| `file:~\/\.gitconfig` \|/);
	for (const id of ['go-env', 'netrc', 'go-import', 'git-access']) assert.match(report, new RegExp(`^### .*\\(\`${id}\`\\)$`, 'm'));
	assert.match(report, /### ✗ fail · go-import discovery/);
	assert.match(report, /Blocked by: `go-import`/);
	assert.match(report, /\*\*Why:\*\*\n\n- The token lacks read\\_api \\\| the project is private/);
	assert.match(report, /\*\*Evidence:\*\*/);
	assert.match(report, /- status: `404`/);
	assert.match(report, /```sh\nchmod 600 ~\/\.netrc\n```/);
	assert.match(report, /<https:\/\/gitlab\.example\.com\/-\/user_settings\/personal_access_tokens\?name=go-modules&scopes=read_api>/);
	assert.match(report, /\*\*Fix \(the tool can apply it\):\*\* Make ~\/\.netrc readable by you alone/);
});

test('no registered secret, no token-shaped string, no URL password and no home path reaches the report', () => {
	const report = render();
	assert.ok(!report.includes(secret), 'registered token');
	assert.ok(!report.includes(oddSecret), 'registered secret that is not token-shaped');
	assert.ok(!/gl(pat|oas|dt|rt|cbt|ptt|ft|imt|agent|soat|ffct)-[A-Za-z0-9_]{4,}/.test(report), 'token-shaped string');
	assert.ok(!report.includes('alice:glpat'), 'URL userinfo password');
	assert.ok(!/\/home\/[a-z]/.test(report), 'home directory path');
	assert.match(report, /glpat-\*\*\*\*/);
});

test('HTML and Markdown in server answers show literally (inside code), never as markup', () => {
	const report = render();
	assert.match(report, /- meta: `<meta name="go-import" content="x git https:\/\/x">`/);
	assert.match(report, /- ``b`c``/);
	assert.ok(!/^<meta/m.test(report));
});

test('shortenHome changes the home directory only at a path boundary', () => {
	assert.equal(shortenHome('/home/alice/.netrc and /home/alice', '/home/alice'), '~/.netrc and ~');
	assert.equal(shortenHome('/home/alice2/x', '/home/alice'), '/home/alice2/x');
	assert.equal(shortenHome('C:\\Users\\alice\\_netrc', 'C:\\Users\\alice'), '~\\_netrc');
	assert.equal(shortenHome('x', undefined), 'x');
});

test('collectReportFacts: versions from git/curl, Go settings and .netrc from the checks, insteadOf rules parsed, asked from an empty directory', async () => {
	const insteadOf = ['global', `file:${home}/.gitconfig`, 'url.git@gitlab.example.com:.insteadof\nhttps://gitlab.example.com/', ''].join('\0');
	let cwd: string | undefined;
	const system = fakeSystem({
		env: {HOME: home},
		commands: {
			'git --version': {stdout: 'git version 2.39.5\n'},
			'curl --version': {stdout: 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1\nRelease-Date: 2023-02-20\n'},
			git: args => (args.includes('--get-regexp') ? {stdout: insteadOf} : {code: 1}),
		},
	});
	const run = system.exec.run.bind(system.exec);
	system.exec.run = async (command, args, options) => {
		if (args.includes('--get-regexp')) cwd = options.cwd;
		return run(command, args, options);
	};
	const facts = await collectReportFacts(system, sampleRun(), {release: '6.1', arch: 'x64', node: 'v20.0.0', now: new Date(Date.UTC(2026, 0, 1))});
	assert.equal(facts.git, 'git version 2.39.5');
	assert.equal(facts.curl, 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1');
	assert.equal(facts.go, 'go1.22.2');
	assert.deepEqual(facts.os, {platform: 'linux', release: '6.1', arch: 'x64'});
	assert.deepEqual(facts.goSettings.find(setting => setting.key === 'GONOPROXY'), {key: 'GONOPROXY', value: 'gitlab.example.com', source: 'from GOPRIVATE'});
	assert.deepEqual(facts.goSettings.find(setting => setting.key === 'GOFLAGS'), {key: 'GOFLAGS', value: '', source: 'default'});
	assert.deepEqual(facts.netrc.map(fact => fact.reader), ['Go', 'git (libcurl)']);
	assert.equal(facts.insteadOf?.rules.length, 1);
	assert.equal(facts.insteadOf?.rules[0]?.base, 'git@gitlab.example.com:');
	assert.equal(cwd, '/tmp/ggc-report-fake', 'git config is asked outside any repository, as Go runs git');
	assert.equal(facts.generatedAt, '2026-01-01T00:00:00.000Z');
});

test('collectReportFacts without git or curl says not installed; the report still renders', async () => {
	const facts = await collectReportFacts(fakeSystem({env: {HOME: home}}), runResult([result({id: 'module-path', status: 'pass'})]), {release: '6.1', arch: 'x64', node: 'v20.0.0', now: new Date(0)});
	assert.equal(facts.git, undefined);
	assert.equal(facts.insteadOf, undefined);
	const report = renderMarkdownReport(runResult([result({id: 'module-path', status: 'pass'})]), new Redactor(), facts);
	assert.match(report, /\| git \| `not installed` \|/);
	assert.match(report, /Not known: git could not be asked/);
	assert.match(report, /Not known: the go-env check did not run/);
});

test('writeReportFile: mode 600 through the writer; a failing write comes back as a plain reason, not a throw', async () => {
	const {writeReportFile} = await import('../../source/output/report-file.js');
	const calls: string[] = [];
	const ok = await writeReportFile('/tmp/x/report.md', 'text', {
		writeFileAtomic: async (path, _bytes, mode) => {
			calls.push(`${path} ${mode.toString(8)}`);
			return {path};
		},
		copyFile: async () => {},
		chmod: async () => {},
	});
	assert.deepEqual(ok, {path: '/tmp/x/report.md'});
	assert.deepEqual(calls, ['/tmp/x/report.md 600']);
	const failed = await writeReportFile('/tmp/x/report.md', 'text', {
		writeFileAtomic: async () => {
			throw Object.assign(new Error('nope'), {code: 'ENOSPC'});
		},
		copyFile: async () => {},
		chmod: async () => {},
	});
	assert.deepEqual(failed, {problem: 'no space left on the device'});
});

test('the report opens with one paragraph naming the failing step, its fix, and what the real go did', () => {
	const report = render();
	const paragraph = report.split('\n').find(line => line.includes('fails on this machine'));
	assert.ok(paragraph, report.slice(0, 800));
	assert.match(paragraph!, /The failing step is \*\*go-import discovery\*\* \(`go-import`\)/);
	assert.match(paragraph!, /Fix: Create a token with read\\_api/);
	assert.match(paragraph!, /The real go was not run/);
	assert.ok(report.indexOf(paragraph!) < report.indexOf('## Summary'));
});

test('the summary says the model missed it when only go-confirm fails, and shows go\'s error, masked', () => {
	const run = runResult([
		result({id: 'netrc', title: '.netrc credentials', status: 'pass', summary: 'ok'}),
		result({
			id: 'go-confirm',
			title: 'The real go',
			status: 'fail',
			summary: 'the real go fails, but no check predicted it: git was refused',
			evidence: {asked: 'gitlab.example.com/g/p@latest', command: 'go mod download -json gitlab.example.com/g/p@latest', goError: `fatal: unable to access 'https://alice:${secret}@gitlab.example.com/g/p.git/': The requested URL returned error: 403`, explained: 'git-forbidden: GitLab refused'},
		}),
	]);
	const redactor = new Redactor();
	redactor.add(secret);
	const report = renderMarkdownReport(run, redactor, sampleFacts());
	assert.match(report, /No step of the model fails, but the real go does: the failing step is \*\*The real go\*\* \(`go-confirm`\)/);
	assert.match(report, /## The real go \(`go-confirm`\)/);
	assert.match(report, /Asked for: `gitlab\.example\.com\/g\/p@latest`/);
	assert.match(report, /The requested URL returned error: 403/);
	assert.ok(!report.includes(secret));
});

test('the report records the invocation, the checks that did not run and why, proxy/CA variables (masked) and git http.* settings', async () => {
	const proxySecret = 'proxy-Pw-271828';
	const system = fakeSystem({
		env: {HOME: home, HTTPS_PROXY: `http://bob:${proxySecret}@proxy.corp:3128`, NO_PROXY: 'localhost,.corp', SSL_CERT_FILE: '/etc/ssl/corp.pem', GIT_SSL_CAINFO: '/etc/ssl/git.pem'},
		commands: {
			git: args => (args.includes('^http\\.') ? {stdout: `file:${home}/.gitconfig\thttp.sslcainfo /etc/ssl/git.pem\nfile:${home}/.gitconfig\thttp.https://gitlab.example.com/.extraheader PRIVATE-TOKEN: ${secret}\n`} : {code: 1}),
		},
	});
	const facts = await collectReportFacts(system, sampleRun(), {release: '6.1', arch: 'x64', node: 'v20.0.0', now: new Date(0)}, {
		invocation: {args: ['gitlab.example.com/group/project', '--offline'], options: {offline: true, timeout: '10 s', confirm: true}},
		notRun: [{id: 'https', title: 'HTTPS to the host', why: '--offline runs the local checks only'}],
	});
	const redactor = new Redactor();
	redactor.add(secret);
	const report = renderMarkdownReport(sampleRun(), redactor, facts);
	assert.match(report, /Command: `gitlab-go-check gitlab\.example\.com\/group\/project --offline`/);
	assert.match(report, /HTTPS to the host \(`https`\): --offline runs the local checks only/);
	assert.match(report, /`HTTPS_PROXY` \| `http:\/\/bob:\*\*\*\*@proxy\.corp:3128`/);
	assert.match(report, /`NO_PROXY` \| `localhost,\.corp`/);
	assert.match(report, /`SSL_CERT_FILE`/);
	assert.match(report, /`GIT_SSL_CAINFO`/);
	assert.match(report, /`http\.sslcainfo` \| `\/etc\/ssl\/git\.pem`/);
	assert.match(report, /extraheader` \| `PRIVATE-TOKEN: \*\*\*\*`/);
	assert.ok(!report.includes(proxySecret) && !report.includes(secret));
});

test('the summary when the real go succeeds: a failed check kept as a real risk says go works today; a disagreement asks for the case', () => {
	const risk = summaryParagraph(runResult([
		result({id: 'private-module', title: 'Private module settings', status: 'fail', reason: 'private-module-public-proxy', summary: 'Go asks proxy.golang.org for the module', fixes: [{title: 'Tell Go the module is private', commands: [], safe: false}]}),
		result({id: 'go-confirm', title: 'The real go', status: 'pass', summary: 'go get resolved gitlab.example.com/group/project@v1.2.0; private-module still fails as a real risk'}),
	]));
	assert.match(risk, /works on this machine today \(the real go succeeds\), but \*\*Private module settings\*\* \(`private-module`\) stays failed as a real risk: Go asks proxy\.golang\.org for the module\./);
	assert.match(risk, /Fix: Tell Go the module is private\./);
	assert.doesNotMatch(risk, /fails on this machine/);
	const disagree = summaryParagraph(runResult([
		result({id: 'https', title: 'HTTPS', status: 'warn', reason: 'https-tls-unknown-authority'}),
		result({id: 'go-confirm', title: 'The real go', status: 'warn', reason: 'go-disagrees-with-checks', summary: 'the real go succeeds here although https failed: the model and go disagree'}),
	]));
	assert.match(disagree, /works on this machine: the real go succeeds, although the model said otherwise \(the real go succeeds here although https failed/);
	assert.match(disagree, /please file the case/);
});
