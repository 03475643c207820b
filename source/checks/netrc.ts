// netrc: which file Go reads, which entry Go sends for the host, and whether git (through libcurl) would send the
// same one. To read the whole check, four files:
// - this one: the declaration and the judgement;
// - checks/netrc-files.ts: which .netrc Go and git's libcurl read, and what each sends (GOAUTH included);
// - rules/go-netrc.ts: Go's rule (parser, host matching, near misses);
// - fixes/builders.ts: the fixes (netrcEntryFix, jobTokenEntryFix, chmodFix).
// git's side enters through curlCredentialFor and whyGoAndCurlDiffer (netrc-files.ts); how libcurl parses the file
// is a port of curl's internals, its own topic (rules/curl-netrc*.ts, rules/netrc-go-vs-curl.ts).
import {chmodFix, jobTokenEntryFix, netrcEntryFix} from '../fixes/builders.js';
import type {GoEnvData, ModulePathData, NetrcCredential, NetrcData, NetrcFiles, GoImportData} from '../engine/check-data.js';
import {maskSecret} from '../engine/redact.js';
import {type Fix, type Outcome, type UpstreamEntry, defineCheck} from '../engine/types.js';
import {eachUpstream} from '../engine/upstream-each.js';
import {describeGoNetrcRules, goNetrcNearMisses, type GoNetrcRules} from '../rules/go-netrc.js';
import {isPublicCodeHost} from '../rules/module-visibility.js';
import {curlCredentialFor, goCredentialFor, goNetrcCredential, goNetrcRules, whyGoAndCurlDiffer} from './netrc-files.js';
import type {TextFile} from './read-text.js';

/** What the judgement collects on its way: what is wrong, what explains it, and what fixes it. */
/** What the step found; each problem has its stable code beside it (JSON `reason` of a warning). */
type Findings = {problems: string[]; problemCodes: string[]; notes: string[]; fixes: Fix[]};

function addProblem(found: Findings, code: string, text: string): void {
	found.problems.push(text);
	found.problemCodes.push(code);
}

export const netrcCheck = defineCheck({
	id: 'netrc',
	// The same for every module on the host: repository mode runs it once per host.
	scope: 'host',
	title: '.netrc credentials',
	needs: [],
	// Online, GitLab's anonymous go-get answer settles whether a missing entry matters.
	after: ['go-env', 'go-import', 'module-path'],
	reads: ['netrc-file'],
	local: true,
	// The entry for the GitLab host matters only when go reaches the direct route (a proxy's entry: the go-proxy step).
	route: 'direct',
	async run(context, upstream): Promise<Outcome<NetrcData>> {
		const goEnv = upstream.data('go-env');
		const host = context.target.host;
		const found: Findings = {problems: [], problemCodes: [], notes: [], fixes: []};
		const {problems, problemCodes, notes, fixes} = found;
		const problem = (code: string, text: string) => addProblem(found, code, text);

		const goSide = await goCredentialFor(context, goEnv, host);
		const goReads = goSide.goReadsNetrc;
		if (goSide.note) notes.push(goSide.note);
		const {files} = goSide;
		const {go, curl} = files;
		const evidence: Record<string, unknown> = {
			goReads: go.path ? `${go.path} (${describeFile(go.file)}${go.source === 'NETRC' ? ', from NETRC' : ''})` : 'no file (no home directory)',
			gitReads: curl.path ? `${curl.path} (${describeFile(curl.file)})` : 'no file',
		};

		// Go's side.
		const rules = goNetrcRules(goEnv);
		const goCredential = goNetrcCredential(files, host, rules);
		judgeGoFile(files, host, rules, goCredential, goEnv, found);

		// git's side: libcurl reads its own file with its own parser.
		const gitSide = curlCredentialFor(files, host);
		if (gitSide.problem) problem('netrc-git-side', gitSide.problem);
		const gitCredential = gitSide.credential;
		if (goCredential) evidence['goSends'] = `login ${goCredential.login}, password ${maskSecret(goCredential.password)} (${goCredential.file} line ${goCredential.line})`;
		evidence['gitSends'] = gitCredential
			? `login ${gitCredential.login || '(empty)'}, password ${maskSecret(gitCredential.password)} (${gitCredential.file} line ${gitCredential.line}${gitCredential.viaDefault ? ', the default entry' : ''})`
			: 'nothing from .netrc';

		const disagreements = compareSides(goCredential, gitCredential, go.path, curl.path, go.source === 'NETRC', curl.honoursNetrcEnv);
		// Both read one file: the rule says why their parsers pick differently.
		if (disagreements.length > 0) notes.push(...whyGoAndCurlDiffer(files, host, rules));
		const data: NetrcData = {files, goCredential: goReads ? goCredential : undefined, goReadsNetrc: goReads, gitCredential, problems};

		if (!goCredential || !goReads) {
			const why = !goReads ? (goSide.note ?? 'Go reads no .netrc') : `no entry Go can use for ${host} in ${go.path ?? 'any .netrc'}`;
			if (isPublicCodeHost(host)) {
				// Not a GitLab instance: no GitLab token to create, and its public modules need no credentials.
				return {status: problems.length > 0 ? 'warn' : 'pass', reason: problemCodes[0], summary: `${why}; none needed: ${host} is not a GitLab instance`, details: [...problems, ...notes], evidence, fixes, data};
			}
			const need = hostNeedsCredentials(
				eachUpstream(upstream, 'go-import', context.target),
				eachUpstream(upstream, 'module-path', context.target),
			);
			if (need.needed !== false || problems.length > 0) {
				// In a GitLab CI job on this instance the entry comes from the job token, not a personal token.
				const ciFix = jobTokenEntryFix(host, go.path ?? '~/.netrc', context.system.env);
				fixes.unshift(ciFix ?? netrcEntryFix({host, file: go.path ?? '~/.netrc', applicable: true}));
			}
			const details = [...problems, ...disagreements, ...notes];
			if (need.needed === true) {
				return {status: 'fail', reason: goReads ? 'netrc-missing-entry' : 'netrc-not-read', summary: `${why}, but ${need.who} them: ${need.because}`, details, evidence, fixes, data};
			}
			if (need.some) {
				// A warning for the host: the modules that need them fail in their own go-get discovery step.
				return {status: 'warn', reason: goReads ? 'netrc-missing-entry' : 'netrc-not-read', summary: `${why}, but ${need.who} them: ${need.because}`, details, evidence, fixes, data, concerns: need.modules};
			}
			if (need.needed === false) {
				return {status: problems.length > 0 ? 'warn' : 'pass', reason: problemCodes[0], summary: `${why}; none needed: ${need.because}`, details, evidence, fixes, data};
			}
			return {status: 'warn', reason: goReads ? 'netrc-missing-entry' : 'netrc-not-read', summary: `${why}: Go sends no credentials (fine only for a public project)`, details, evidence, fixes, data};
		}
		const literal = literalVariableProblem(goCredential.password);
		if (literal) {
			const ciFix = jobTokenEntryFix(host, goCredential.file, context.system.env);
			return {
				status: 'fail',
				reason: 'netrc-literal-variable',
				summary: `Go sends ${goCredential.login} from ${goCredential.file} line ${goCredential.line}, but ${literal}`,
				details: [...problems, ...disagreements, ...notes],
				evidence,
				fixes: [...(ciFix ? [ciFix] : []), ...fixes],
				data,
			};
		}
		const warnings = [...problems, ...disagreements];
		if (warnings.length > 0) {
			return {
				status: 'warn',
				reason: problemCodes[0] ?? 'netrc-go-git-disagree',
				summary: `Go sends ${goCredential.login} / ${maskSecret(goCredential.password)} (line ${goCredential.line}), but ${warnings[0]}`,
				details: [...warnings.slice(1), ...notes],
				evidence,
				fixes,
				data,
			};
		}
		return {
			status: 'pass',
			summary: `Go and git both send ${goCredential.login} / ${maskSecret(goCredential.password)} from ${goCredential.file} line ${goCredential.line}`,
			details: notes,
			evidence,
			fixes,
			data,
		};
	},
});

/** The file Go reads: why Go finds no entry for the host (near misses, skipped lines), and what is wrong with the file. */
function judgeGoFile(files: NetrcFiles, host: string, rules: GoNetrcRules, goCredential: NetrcCredential | undefined, goEnv: GoEnvData | undefined, found: Findings): void {
	const {go} = files;
	const {notes, fixes} = found;
	if (go.file.kind === 'text' && go.parse && go.path) {
		if (!goCredential) {
			const misses = goNetrcNearMisses(go.parse, host, rules);
			if (misses.length > 0 && goEnv?.goVersion) notes.push(`${goEnv.goVersion.text} runs here: ${describeGoNetrcRules(rules)}`);
			for (const miss of misses) notes.push(`line ${miss.line}: machine ${miss.machine}: ${miss.reason}`);
			for (const skip of go.parse.skipped) {
				if (skip.machine === undefined || skip.machine.toLowerCase() === host) notes.push(`line ${skip.line}: ${skip.reason}`);
			}
		}
		if (go.file.binary) addProblem(found, 'netrc-binary', `${go.path} contains NUL bytes: it does not look like a text file`);
		if (go.file.truncated) notes.push(`${go.path} is larger than 1 MiB; only its first 1 MiB was read`);
		if ((go.file.info.mode & 0o077) !== 0) {
			addProblem(found, 'netrc-world-readable', `${go.path} can be read by other users (mode ${go.file.info.mode.toString(8).padStart(3, '0')}): it holds secrets`);
			fixes.push(chmodFix(go.path));
		}
	} else if (go.file.kind === 'unreadable') {
		addProblem(found, 'netrc-unreadable', `Go cannot read ${go.path}: ${go.file.reason}; Go then sends no credentials (Go 1.24.0 stops with "could not parse netrc")`);
	} else if (go.source === 'NETRC') {
		addProblem(found, 'netrc-env-missing-file', `NETRC points to ${go.path}, which does not exist: Go reads no other file`);
	}
}

/** A password that is the name of a variable: a job script wrote `'$CI_JOB_TOKEN'` in single quotes (docs/gitlab.md §1.6). */
function literalVariableProblem(password: string): string | undefined {
	const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(password)?.[1];
	if (!name) return undefined;
	return `the password is the literal text $${name}, not its value: the job script wrote it inside single quotes (or from a file), so the shell never expanded the variable, and GitLab rejects it (401) even for a public project`;
}

function compareSides(
	go: NetrcCredential | undefined,
	git: NetrcCredential | undefined,
	goFile: string | undefined,
	gitFile: string | undefined,
	fromNetrcVariable: boolean,
	curlHonoursNetrc: boolean,
): string[] {
	const found: string[] = [];
	if (goFile && gitFile && goFile !== gitFile && fromNetrcVariable && !curlHonoursNetrc) {
		found.push(`NETRC points Go at ${goFile}, but git's libcurl ignores NETRC and reads ${gitFile}`);
	} else if (goFile && gitFile && goFile !== gitFile) {
		found.push(`Go reads ${goFile} but git reads ${gitFile}`);
	}
	if (go && !git) found.push('git finds no usable entry for this host in its .netrc, so git relies on a credential helper or SSH');
	else if (go && git && (go.login !== git.login || go.password !== git.password)) {
		found.push(`git sends a different credential (${git.file} line ${git.line}) than Go (line ${go.line})`);
	} else if (!go && git) found.push(`git would send ${git.login || '(empty login)'} from ${git.file} line ${git.line}, but Go does not use that entry`);
	return found;
}

function describeFile(file: TextFile): string {
	switch (file.kind) {
		case 'missing':
			return 'does not exist';
		case 'unreadable':
			return `unreadable: ${file.reason}`;
		case 'text':
			return `${file.info.size} bytes`;
	}
}

/**
 * For every module on the host that go fetches directly (repository mode shares this step between them). Needed
 * (`needed: true`) only when every one of them needs credentials, so that a public module beside them is not failed
 * for the host; when only some do, `some` names them (their own go-get discovery step fails without credentials).
 * Not needed when none does; else unknown. Whichever module came first does not matter.
 */
export function hostNeedsCredentials(
	goImports: Array<UpstreamEntry<GoImportData>>,
	modulePaths: Array<UpstreamEntry<ModulePathData>>,
): {needed?: boolean; because?: string; who?: string; some?: boolean; modules?: string[]} {
	const modules = [...new Set([...goImports, ...modulePaths].map(entry => entry.target.module))];
	const answers = modules.map(module => ({
		module,
		...credentialsNeeded(goImports.find(entry => entry.target.module === module)?.data, modulePaths.find(entry => entry.target.module === module)?.data),
	}));
	const needing = answers.filter(answer => answer.needed === true);
	if (needing.length > 0 && needing.length === answers.length) {
		return {needed: true, who: answers.length > 1 ? `every module on the host (${answers.length}) needs` : 'this project needs', because: needing[0]!.because};
	}
	if (needing.length > 0) {
		const names = needing.map(answer => answer.module);
		return {some: true, modules: names, who: `${names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ')} ${names.length === 1 ? 'needs' : 'need'}`, because: needing[0]!.because};
	}
	if (answers.length > 0 && answers.every(answer => answer.needed === false)) {
		const reasons = [...new Set(answers.map(answer => answer.because))];
		return {needed: false, because: answers.length > 1 ? `none of the ${answers.length} modules on the host needs them (${reasons.join('; ')})` : answers[0]!.because};
	}
	return {};
}

/** Whether Go needs credentials of its own for one module, as far as this run found out (undefined: unknown, e.g.
 * offline). */
export function credentialsNeeded(goImport: GoImportData | undefined, modulePath: ModulePathData | undefined): {needed?: boolean; because?: string} {
	if (modulePath?.qualifier) return {needed: false, because: 'with the .git qualifier Go makes no HTTPS request of its own; only git\'s credentials matter'};
	switch (goImport?.anonymous) {
		case 'two-segment-fallback':
			return {needed: true, because: 'without them GitLab answers ?go-get=1 with only the first two path elements, so Go fetches the wrong repository'};
		case 'not-found':
			return {needed: true, because: 'without them GitLab answers ?go-get=1 with 404'};
		case 'public':
			return {needed: false, because: 'the project is public'};
		default:
			return {};
	}
}
