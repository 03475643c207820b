// The one table of what go and git print when a private GitLab module cannot be fetched: each signature → a stable
// reason code, the cause in plain words, the checks that confirm it (first the one that names it, then the others
// the same text is consistent with: text alone cannot always tell an expired token from a missing one), what it
// names (module, host, URL) and the fixes. git's stderr, quoted by go or pasted alone, is read by classifyGitStderr
// (git-errors.ts, with ssh-errors.ts for ssh): the same reading the git checks use. The rows: go-error-rows.ts and
// git-error-rows.ts; the fixes: error-fixes.ts.
// Wordings: cmd/go/internal/{modfetch,modfetch/codehost,vcs,web,modget,toolchain,modload} of Go 1.19, 1.23 and 1.24
// (/usr/lib/go-1.N/src), crypto/x509/verify.go, net/http/transport.go; git and curl texts as in git-errors.ts.
import {cleanText, splitBlocks, type LogBlock} from './error-log.js';
import {moduleHost, hostOf, namesOf, urlPattern, type Named} from './error-names.js';
import type {ClassifyContext, Diagnosis, Facts} from './error-types.js';
import {goHttpErrors, goRows} from './go-error-rows.js';
import {gitDiagnosis} from './git-error-rows.js';
import {classifyGitStderr} from './git-errors.js';

export type {ClassifyContext, Diagnosis, ReasonCode} from './error-types.js';

const gitQuoted = /(?:git ls-remote|git fetch|git clone|git -c |exit status \d+:)/;

/** What one block (one go error with the git stderr it quotes, or git's own lines) means; undefined: not recognised. */
export function classifyBlock(block: LogBlock, context: ClassifyContext = {}): Diagnosis | undefined {
	const text = block.lines.join('\n');
	const named: Named = block.kind === 'go' ? namesOf(text) : {url: urlPattern.exec(text)?.[0]?.replace(/[.,;:]+$/, '')};
	const module = named.module ?? context.module;
	const url = named.url;
	const facts: Facts = {module, host: moduleHost(module) ?? hostOf(url) ?? '', url, urlHost: hostOf(url), text};
	const base = {lines: block.lines, ...(module !== undefined ? {module} : {}), ...(named.version !== undefined ? {version: named.version} : {})};

	if (block.kind === 'go') {
		for (const row of goRows) {
			const match = row.test.exec(text);
			if (match && (row.when?.(match) ?? true)) return finish({...base, reason: row.reason, cause: row.cause(facts, match), checks: row.checks(facts), fixes: row.fixes(facts, match), host: facts.host || undefined, url});
		}
		// go's own HTTP errors (discovery, proxy), unless they are part of the git stderr it quotes.
		if (!gitQuoted.test(text)) {
			for (const row of goHttpErrors) {
				const match = row.test.exec(text);
				if (match && (row.when?.(match) ?? true)) return finish({...base, reason: row.reason, cause: row.cause(facts, match), checks: row.checks(facts), fixes: row.fixes(facts, match), host: facts.urlHost ?? (facts.host || undefined), url});
			}
		}
	}
	const gitText = block.lines.map(line => line.replace(/^\t/, '')).join('\n');
	if (block.kind === 'git' || gitQuoted.test(text)) {
		const failure = classifyGitStderr(gitText);
		if (failure.kind !== 'geo-redirect' && !(failure.kind === 'unknown' && !/\b(fatal|error):|unable to look up/.test(gitText))) {
			const diagnosis = gitDiagnosis(failure, facts, gitText);
			return finish({...base, ...diagnosis, host: diagnosis.host ?? (facts.host || undefined), url: diagnosis.url ?? url});
		}
	}
	if (block.kind === 'go') {
		if (/unrecognized import path/.test(text)) {
			return finish({...base, reason: 'unrecognized-import-path', cause: 'Go could not find out where the module lives (the answer to ?go-get=1)', checks: ['go-import'], fixes: [], host: facts.host || undefined, url});
		}
		if (/\bgit\b.*exit status/.test(text)) {
			return finish({...base, reason: 'git-failed', cause: 'git failed when Go ran it', checks: ['git-access'], fixes: [], host: facts.host || undefined, url});
		}
	}
	return undefined;
}

function finish(diagnosis: Diagnosis): Diagnosis {
	const clean = Object.fromEntries(Object.entries(diagnosis).filter(([, value]) => value !== undefined)) as Diagnosis;
	return clean;
}

/** Every failure a pasted error or a whole CI log shows, in order; the same failure printed twice counts once. */
export function classifyErrorText(text: string, context: ClassifyContext = {}): Diagnosis[] {
	const found: Diagnosis[] = [];
	const seen = new Set<string>();
	let blocks: LogBlock[];
	try {
		blocks = splitBlocks(cleanText(typeof text === 'string' ? text : ''));
	} catch {
		return [];
	}
	for (const block of blocks) {
		let diagnosis: Diagnosis | undefined;
		try {
			diagnosis = classifyBlock(block, context);
		} catch {
			diagnosis = undefined;
		}
		if (!diagnosis) continue;
		const key = `${diagnosis.reason}\u0000${diagnosis.module ?? ''}\u0000${diagnosis.host ?? ''}`;
		if (seen.has(key)) continue;
		seen.add(key);
		found.push(diagnosis);
	}
	// A go error that quotes git's stderr and git's own copy of the same lines (a log with both) name one failure.
	// go's generic last line ("unrecognized import path") after the line that says why names no further failure.
	return found.filter(
		(diagnosis, index) =>
			!(diagnosis.module === undefined && found.some((other, j) => j !== index && other.reason === diagnosis.reason && other.module !== undefined)) &&
			!(diagnosis.reason === 'unrecognized-import-path' && found.some((other, j) => j !== index && other.reason !== diagnosis.reason && other.module === diagnosis.module)),
	);
}

