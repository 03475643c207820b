// go-import: what GitLab's ?go-get=1 answer means for go get — the judgement of each discovery outcome, with its fixes.
import {hostOfUrl} from '../rules/hosts.js';
import {commandFix, longerTimeoutFix, netrcEntryFix, replaceTokenFix} from '../fixes/builders.js';
import {sh, word} from '../fixes/command.js';
import type {NetrcCredential, GoImportData} from '../engine/check-data.js';
import {type CheckContext, type Fix, type Outcome} from '../engine/types.js';
import {type MetaImport} from '../rules/meta-tags.js';
import {hostOf} from '../rules/module-path.js';
import type {HttpFailure, HttpResponse} from '../system/types.js';
import {apiGet, describeBody, failureText, fieldsOf, statusLine} from './gitlab-api.js';

export const tokenStep = 'the "GitLab token" step (token)';

/** One candidate module path as Go's repoRootForImportDynamic meets it. */
export type Discovery =
	| {kind: 'match'; candidate: string; url: string; response: HttpResponse; match: MetaImport; imports: MetaImport[]}
	| {kind: 'transport'; candidate: string; url: string; failure: HttpFailure}
	/** No tags and a status other than 200: Go reports the HTTP status. */
	| {kind: 'status'; candidate: string; url: string; response: HttpResponse; goError: string}
	| {kind: 'parse'; candidate: string; url: string; response: HttpResponse; goError: string}
	| {kind: 'no-match'; candidate: string; url: string; response: HttpResponse; imports: MetaImport[]; goError: string}
	| {kind: 'disagree'; candidate: string; url: string; response: HttpResponse; match: MetaImport; prefixUrl: string; prefixImports: MetaImport[]; goError: string}
	| {kind: 'invalid-root'; candidate: string; url: string; response: HttpResponse; match: MetaImport; goError: string};

export type Situation = {
	context: CheckContext;
	host: string;
	module: string;
	credential?: NetrcCredential;
	netrcFile?: string;
	evidence: Record<string, unknown>;
	notes: string[];
};

export function sameTag(a: MetaImport, b: MetaImport): boolean {
	return a.prefix === b.prefix && a.vcs === b.vcs && a.repoRoot === b.repoRoot && (a.subdir ?? '') === (b.subdir ?? '');
}

/** web.Response.Err: `reading URL: STATUS`, plus the start of a text/plain body as `server response:`. */
export function goStatusError(response: HttpResponse): string {
	let text = `reading ${response.url}: ${statusLine(response)}`;
	const [mediaType, ...parameters] = (response.headers['content-type'] ?? '').split(';').map(part => part.trim().toLowerCase());
	const charset = parameters.find(parameter => parameter.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
	if (mediaType === 'text/plain' && (charset === undefined || charset === 'utf-8' || charset === 'us-ascii')) {
		const lines: string[] = [];
		for (const line of response.body.slice(0, 8 * 81).split('\n')) {
			if (line.trim() === '' || lines.length >= 8) break;
			lines.push(line.replace(/\r$/, ''));
		}
		if (lines.length > 0) text += `\n\tserver response: ${lines.join('\n\t')}`;
	}
	return text;
}

export function describeTag(tag: MetaImport): string {
	return [tag.prefix, tag.vcs, tag.repoRoot, ...(tag.subdir !== undefined ? [tag.subdir] : [])].join(' ');
}

export function describeDiscovery(found: Discovery): string {
	switch (found.kind) {
		case 'transport':
			return `${found.url} → ${found.failure.message}`;
		case 'match':
			return `${found.url} → ${statusLine(found.response)}, go-import "${describeTag(found.match)}"`;
		case 'status':
			return `${found.url} → ${statusLine(found.response)}, ${describeBody(found.response)}`;
		default:
			return `${found.url} → ${statusLine(found.response)}: ${found.goError}`;
	}
}

/** The path elements after the host of a prefix on this host, or undefined for another host. */
export function elementsAfterHost(prefix: string, host: string): string[] | undefined {
	return prefix.startsWith(`${host}/`) ? prefix.slice(host.length + 1).split('/') : undefined;
}

export async function judgeMatch(situation: Situation, found: Extract<Discovery, {kind: 'match'}>, credentialsSent: boolean, signal: AbortSignal): Promise<Outcome<GoImportData>> {
	const {host, module, evidence} = situation;
	const {match} = found;
	const data: GoImportData = {
		match: {prefix: match.prefix, vcs: match.vcs, repoRoot: match.repoRoot, ...(match.subdir !== undefined ? {subdir: match.subdir} : {}), page: found.url},
		credentialsSent,
	};
	evidence['metaTag'] = `<meta name="go-import" content="${describeTag(match)}"> from ${found.url}`;
	const notes = [...situation.notes, ...repoNotes(match, host)];
	const elements = elementsAfterHost(match.prefix, host);
	const moduleElements = module.split('/').length - 1;
	const deeper = elements !== undefined && elements.length === 2 && moduleElements > 2;
	const sshNote = match.repoRoot.startsWith('ssh://');
	const how = sshNote ? ', over SSH' : '';

	if (!credentialsSent) {
		let anonymous: GoImportData['anonymous'] = 'other';
		if (elements !== undefined && elements.length >= 3) anonymous = 'public';
		else if (elements !== undefined && elements.length === 2) {
			anonymous = (await isPublicProject(situation, elements.join('/'), signal)) ? 'public' : deeper ? 'two-segment-fallback' : 'other';
		}
		data.anonymous = anonymous;
		if (anonymous === 'two-segment-fallback') return twoSegmentFallback(situation, found, data, notes);
		const detail =
			anonymous === 'public'
				? 'The project is public: GitLab answers anyone, so Go needs no credentials for discovery.'
				: `Go sent no credentials. GitLab gives this same answer for a private project and for one that does not exist; git will need its own credentials for ${match.repoRoot} unless the project is public.`;
		return {
			status: 'pass',
			summary: `Go will clone ${match.repoRoot}${how} (go-import prefix ${match.prefix}, asked without credentials)`,
			details: [detail, ...notes],
			evidence,
			data,
		};
	}
	if (deeper && /<meta\s[^>]*name=["']?go-source/i.test(found.response.body)) {
		// GitLab before 17.3 gives the same two-element answer when the credentials do not let it see the project.
		return {
			status: 'warn',
			reason: 'go-import-two-segment',
			summary: `with the credentials Go sends, GitLab answered with only ${elements!.join('/')}: if the project lies deeper (in a subgroup), Go will clone the wrong repository`,
			details: [
				`This GitLab answers the older way (a go-source tag, before 17.3): when the credentials are rejected, lack read_api, or their user cannot see the project, it answers with the first two path elements instead of 404 (docs/gitlab.md §1.7).`,
				`If ${elements!.join('/')} is itself the project, this is right. ${tokenStep[0]!.toUpperCase()}${tokenStep.slice(1)} says whether the token can see the project.`,
				...notes,
			],
			evidence,
			fixes: situation.credential ? [replaceTokenFix(host, situation.credential)] : [],
			data,
		};
	}
	return {
		status: 'pass',
		summary: `Go will clone ${match.repoRoot}${how} (go-import prefix ${match.prefix}, credentials sent)`,
		details: notes,
		evidence,
		data,
	};
}

export function repoNotes(match: MetaImport, host: string): string[] {
	const notes: string[] = [];
	if (match.repoRoot.startsWith('ssh://')) {
		notes.push(
			`The repository URL is ssh://: this GitLab allows Git over SSH only ("Enabled Git access protocols"). git needs an SSH key registered with GitLab and the host key in known_hosts; Go runs ssh with BatchMode, so nothing can prompt.`,
		);
	}
	if (match.vcs === 'mod') notes.push(`The tag's vcs is "mod": Go downloads the module from ${match.repoRoot} with the GOPROXY protocol, not with git.`);
	else if (match.vcs !== 'git') notes.push(`The tag's vcs is "${match.vcs}", not git.`);
	let repoHost: string | undefined;
	try {
		repoHost = new URL(match.repoRoot).host;
	} catch {
		repoHost = undefined;
	}
	if (repoHost && repoHost !== host && !match.repoRoot.startsWith('ssh://')) {
		notes.push(`git will contact ${repoHost}, not ${host}: its credentials must be for ${repoHost}.`);
	}
	return notes;
}

/** GET /api/v4/projects/:path without credentials: 200 only for a public project (docs/gitlab.md §2). */
export async function isPublicProject(situation: Situation, path: string, signal: AbortSignal): Promise<boolean> {
	const answer = await apiGet(situation.context, situation.host, {path: `projects/${encodeURIComponent(path)}`, signal});
	const visible = answer.kind === 'json' && answer.status === 200;
	situation.evidence['anonymousProjectLookup'] = `GET /api/v4/projects/${encodeURIComponent(path)} without credentials → ${
		answer.kind === 'failure' ? answer.failure.message : statusLine(answer.response)
	}${visible ? ` (${String(fieldsOf(answer.kind === 'json' ? answer.body : undefined)['visibility'] ?? 'public')})` : ''}`;
	return visible;
}

export function twoSegmentFallback(situation: Situation, found: Extract<Discovery, {kind: 'match'}>, data: GoImportData, notes: string[]): Outcome<GoImportData> {
	const {host, module, evidence} = situation;
	const shortPath = found.match.prefix.slice(host.length + 1);
	const elements = module.split('/');
	const likelyProject = elements.slice(0, 4).join('/');
	const qualified = `${likelyProject}.git${elements.length > 4 ? `/${elements.slice(4).join('/')}` : ''}`;
	return {
		status: 'fail',
		reason: 'gitlab-two-segment',
		summary: `without credentials GitLab answered with only ${shortPath}: for a project in a subgroup, Go will clone the wrong repository (${found.match.repoRoot})`,
		details: [
			`Go sent no credentials, so GitLab did not look at the project: for anything it will not show anonymously it answers with the first two path elements of the request (docs/gitlab.md §1.3). Go then asks git for ${found.match.repoRoot}, and git fails with "repository not found" or "could not read Username".`,
			`Only if the project is ${shortPath} itself (and ${module.slice(found.match.prefix.length + 1)} a package directory in it) is this answer right; GitLab answers the same either way, so only credentials settle it.`,
			...notes,
		],
		evidence,
		fixes: [
			netrcEntryFix({host, file: situation.netrcFile, applicable: true}),
			commandFix(
				{title: `Or skip discovery with the .git qualifier, if the project is ${likelyProject.slice(host.length + 1)}: import ${qualified}, and make its go.mod say "module ${likelyProject}.git"`, safe: false},
				() => [sh`go get ${word(qualified)}`],
			),
		],
		data,
	};
}

export function judgeError(situation: Situation, found: Exclude<Discovery, {kind: 'match'}>, credentialsSent: boolean): Outcome<GoImportData> {
	const {host, module, evidence, credential} = situation;
	const notes = situation.notes;
	const data: GoImportData = {credentialsSent};
	const anonymous = (value: NonNullable<GoImportData['anonymous']>) => {
		if (!credentialsSent) data.anonymous = value;
	};
	const credentialFixes = (): Fix[] => (credential && credentialsSent ? [replaceTokenFix(host, credential)] : [netrcEntryFix({host, file: situation.netrcFile, applicable: true})]);

	switch (found.kind) {
		case 'transport': {
			anonymous('other');
			const seconds = situation.context.options.timeoutMs / 1000;
			return {
				status: 'fail',
				reason: `go-import-${found.failure.kind}`,
				summary: `go get would stop here: ${found.failure.message}`,
				details: [`Go prints: unrecognized import path "${module}": https fetch: Get "${found.url}": …`, ...(found.failure.kind === 'timeout' ? [`If GitLab is only slow, allow more time with --timeout (the limit was ${seconds} s).`] : []), ...notes],
				evidence: {...evidence, failure: failureText(found.failure)},
				fixes: found.failure.kind === 'timeout' ? [longerTimeoutFix(module, situation.context.options.timeoutMs)] : [],
				data,
			};
		}
		case 'status': {
			const {response} = found;
			const status = statusLine(response);
			if (response.status === 404 && credentialsSent) {
				return {
					status: 'fail',
					reason: 'go-get-credentials-refused',
					summary: `GitLab answered ${found.url} with 404 although Go sent credentials: it rejected them, or their user cannot see the project`,
					details: [
						`GitLab answers 404 "Go package not found or access denied" when the credentials are invalid, expired, lack read_api, or their user has no access, and also for a project that has no repository yet (docs/gitlab.md §1.3). See ${tokenStep} for which.`,
						`Go prints: ${found.goError}`,
						...notes,
					],
					evidence,
					fixes: credentialFixes(),
					data,
				};
			}
			if (response.status === 404) {
				anonymous('not-found');
				return {
					status: 'fail',
					reason: 'go-get-not-found',
					summary: `GitLab answered ${found.url} with 404 and Go sent no credentials: the project is private (or does not exist), and Go needs a token`,
					details: [`GitLab shows a private project to go-get only with a personal access token with read_api in .netrc (docs/gitlab.md §1.3, §1.7).`, `Go prints: ${found.goError}`, ...notes],
					evidence,
					fixes: credentialFixes(),
					data,
				};
			}
			if (response.status === 401) {
				anonymous('other');
				return {
					status: 'fail',
					reason: 'go-get-auth',
					summary: credentialsSent
						? `GitLab answered ${found.url} with 401: it rejected the credentials Go sent`
						: `GitLab answered ${found.url} with 401 although Go sent no credentials`,
					details: [
						credentialsSent
							? `GitLab 14.5 to 17.5 answers 401 (not 404) when it rejects a password or token while password authentication for Git is off (docs/gitlab.md §1.7). See ${tokenStep}.`
							: 'GitLab 17.4.0 answers every ?go-get=1 with 401 when password authentication for Git is off (issue 493732, fixed in a later patch release); a token in .netrc gets past it.',
						`Go prints: ${found.goError}`,
						...notes,
					],
					evidence,
					fixes: credentialFixes(),
					data,
				};
			}
			anonymous('other');
			const serverError = response.status >= 500;
			return {
				status: 'fail',
				reason: serverError ? 'go-get-server-error' : 'go-import-http-status',
				summary: serverError
					? `GitLab answered ${found.url} with ${status}: the server (or a proxy in front of it) has a problem`
					: `GitLab answered ${found.url} with ${status} and no go-import tag`,
				details: [
					`Go prints: ${found.goError}`,
					...(response.status === 403 && /Too many failed authentication attempts/i.test(response.body)
						? ['GitLab has banned this IP address for a while after too many failed logins: wait, then fix the credentials before trying again.']
						: []),
					...(serverError ? ['Try again later, or tell the GitLab administrators.'] : []),
					...notes,
				],
				evidence,
				data,
			};
		}
		case 'parse':
			anonymous('other');
			return {
				status: 'fail',
				reason: 'go-import-unreadable-page',
				summary: `Go cannot read the page ${found.url} answered with: ${found.goError}`,
				details: [
					'Go reads the page with a strict XML tokenizer up to </head>: a raw "<" in a script or style before the go-import tag stops it. GitLab\'s own answer has none, so something else answered.',
					...notes,
				],
				evidence,
				data,
			};
		case 'no-match':
			anonymous('other');
			return noMatch(situation, found, data);
		case 'disagree':
			anonymous('other');
			return {
				status: 'fail',
				reason: 'go-import-pages-disagree',
				summary: `GitLab's pages disagree: ${found.goError}`,
				details: [
					`${found.url} names the prefix ${found.match.prefix}, so Go fetched that page too and found ${found.prefixImports.length > 0 ? found.prefixImports.map(tag => `"${describeTag(tag)}"`).join(', ') : 'no matching tag'} instead of the same tag (docs/go.md §5.6).`,
					...notes,
				],
				evidence,
				data,
			};
		case 'invalid-root':
			anonymous('other');
			return {
				status: 'fail',
				reason: 'go-import-invalid-root',
				summary: `the go-import tag names a repository Go refuses: ${found.goError}`,
				details: [`The tag was "${describeTag(found.match)}".`, ...notes],
				evidence,
				data,
			};
	}
}

export function noMatch(situation: Situation, found: Extract<Discovery, {kind: 'no-match'}>, data: GoImportData): Outcome<GoImportData> {
	const {host, module, evidence} = situation;
	const {response} = found;
	const finalHost = hostOfUrl(response.url);
	const elsewhere = finalHost !== host ? ` (after a redirect to ${finalHost})` : '';
	if (found.imports.length === 0) {
		return {
			status: 'fail',
			reason: 'no-go-import-meta',
			summary: `${found.url} answered ${statusLine(response)} with ${describeBody(response)}${elsewhere} and no go-import tag: that is not GitLab's go-get answer`,
			details: [
				`GitLab answers ?go-get=1 with a go-import tag or a 404. A page without one is usually a single-sign-on login page, a captive portal or a proxy's block page${finalHost !== host ? `; Go sent no credentials to ${finalHost}` : ''}.`,
				...(response.truncated ? ['Only the first 1 MiB of the page was read.'] : []),
				`Go prints: ${found.goError}`,
				...situation.notes,
			],
			evidence,
			fixes: [{title: `Open https://${host}/ in a browser on this machine: sign in to the network or the page it shows, then run this check again`, commands: [], safe: false}],
			data,
		};
	}
	const sameHost = found.imports.filter(tag => elementsAfterHost(tag.prefix, host) !== undefined);
	if (sameHost.length === 1 && found.imports.length === 1) {
		const canonical = sameHost[0]!.prefix;
		const rest = module.split('/').slice(found.candidate.split('/').length).join('/');
		const newPath = rest ? `${canonical}/${rest}` : canonical;
		return {
			status: 'fail',
			reason: 'go-import-project-moved',
			summary: `GitLab names the project ${canonical}, which is not a prefix of ${found.candidate}: it was moved or renamed`,
			details: [
				`GitLab follows the old path to the project's new home and answers with its current path (docs/gitlab.md §1.2, issue 589241); Go requires the tag's prefix to be a prefix of the import path.`,
				`Go prints: ${found.goError}`,
				...situation.notes,
			],
			evidence,
			// The new path is GitLab's word: it enters the command only as a checked, quoted word.
			fixes: [commandFix({title: `Use the project's new path: change the imports (and the project's go.mod "module" line) to ${canonical}`, safe: false}, () => [sh`go get ${word(newPath)}`])],
			data,
		};
	}
	if (sameHost.length === 0 && found.imports.length === 1) {
		const tag = found.imports[0]!;
		const otherHost = hostOf(tag.prefix);
		return {
			status: 'fail',
			reason: 'go-import-other-host',
			summary: `GitLab names the project ${tag.prefix}, on ${otherHost}: the module path must use ${otherHost}, not ${host}`,
			details: [
				`GitLab builds the go-import prefix from its external URL (docs/gitlab.md §1.4), which is ${otherHost} here; Go requires the prefix to be a prefix of the import path.`,
				`Go prints: ${found.goError}`,
				...situation.notes,
			],
			evidence,
			fixes: [{title: `Import the module as ${tag.prefix}${module.slice(found.candidate.length)} (and use that in go.mod and GOPRIVATE)`, commands: [], safe: false}],
			data,
		};
	}
	return {
		status: 'fail',
		reason: 'go-import-no-match',
		summary: `no go-import tag on ${found.url} matches ${found.candidate}`,
		details: [`Go prints: ${found.goError}`, ...situation.notes],
		evidence,
		data,
	};
}


