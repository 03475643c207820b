// Why a module proxy of the route did not serve the module, from its answer. GitLab's own Go proxy has its own
// explanations (go-proxy-gitlab.ts); any other proxy is told apart by status: 401/403 are the proxy's credentials
// (which .netrc entry go sent), 404/410 is "not found there" (often: the proxy cannot fetch from GitLab, which only its
// administrator can fix), 5xx a server error, and failures before any answer as the https check tells them apart.
import {maskSecret} from '../engine/redact.js';
import type {CheckContext, Fix} from '../engine/types.js';
import {netrcEntryFix} from '../fixes/builders.js';
import {proxyAddress} from '../rules/go-route.js';
import type {Asked} from './go-proxy-ask.js';
import {explainGitlab, type Explanation} from './go-proxy-gitlab.js';
import {explainTransportFailure} from './https.js';

export async function explainProxy(context: CheckContext, asked: Asked, signal: AbortSignal): Promise<Explanation> {
	const {answer} = asked;
	const host = hostOf(asked);
	if (answer.kind === 'error' && answer.failure) {
		const transport = await explainTransportFailure(context, host, answer.url, answer.failure);
		return {summary: `${name(asked)} could not be reached: ${transport.summary}`, details: transport.details, fixes: transport.fixes};
	}
	if (asked.kind === 'gitlab') return explainGitlab(context, asked, signal);
	return explainCompanyProxy(context, asked);
}

function name(asked: Asked): string {
	return asked.entry.display ?? asked.entry.raw;
}

function hostOf(asked: Asked): string {
	return asked.entry.url ? proxyAddress(asked.entry.url).host : asked.entry.raw.toLowerCase();
}

function explainCompanyProxy(context: CheckContext, asked: Asked): Explanation {
	const {answer, credential} = asked;
	const module = context.target.module;
	const host = hostOf(asked);
	const status = answer.kind === 'found' ? 200 : answer.status;
	const sent = credential ? `${credential.login} / ${maskSecret(credential.password)} from ${credential.source}` : undefined;
	if (status === 401 || status === 403) {
		if (!credential) {
			return {
				summary: `${name(asked)} answers ${answer.message.split(' ').slice(0, 2).join(' ')}: it wants credentials, and go sends it none`,
				details: [
					`Go sends the .netrc entry whose machine is exactly ${host} (host and port on Go 1.24+), over HTTPS only; there is none${asked.netrcFile ? ` in ${asked.netrcFile}` : ''}.`,
					'The login and password are the proxy\'s own (an account or API key of Artifactory, Nexus or Athens), not your GitLab token: ask whoever runs the proxy.',
				],
				fixes: [proxyNetrcFix(host, asked.netrcFile)],
			};
		}
		return {
			summary: `${name(asked)} refuses the credentials go sends (${sent}): ${answer.message.split(' ').slice(0, 2).join(' ')}`,
			details: [
				`Go sent the entry at ${credential.source}${credential.netrc ? '' : ' (not a .netrc entry)'}; the proxy ${status === 401 ? 'does not accept it (wrong, expired or for another system)' : 'accepts it but does not let this account read the module'}.`,
			],
			fixes: [credential.netrc ? {...proxyNetrcFix(host, credential.netrc.file), title: `Put the proxy's own login and password for ${host} in ${credential.netrc.file} line ${credential.netrc.line}`} : proxyNetrcFix(host, asked.netrcFile)],
		};
	}
	if (answer.kind === 'not-found') {
		return {
			summary: `${name(asked)} answers ${answer.message.split(' ').slice(0, 3).join(' ')} for ${module}`,
			details: [
				`A company proxy answers "not found" when it cannot fetch the module from GitLab itself: it has no GitLab credentials for ${module.split('/')[0]}, its token cannot see the project, or it cannot reach GitLab. Its answer: ${answer.message}.`,
			],
			fixes: [adminFix(asked, module)],
		};
	}
	return {
		summary: `${name(asked)} answered ${answer.message}`,
		details: status !== undefined && status >= 500 ? ['A server error: try again later, or tell whoever runs the proxy.'] : [],
		fixes: status !== undefined && status >= 500 ? [adminFix(asked, module)] : [],
	};
}

/** The .netrc entry go reads for the proxy host: the proxy's own login and password, so a person writes it. */
export function proxyNetrcFix(host: string, file: string | undefined): Fix {
	return netrcEntryFix({
		host,
		...(file ? {file} : {}),
		login: 'YOUR_PROXY_LOGIN',
		title: `Add an entry for the proxy ${host} to ${file ?? '~/.netrc'} with the proxy's own login and password or API key (for YOUR_PROXY_LOGIN and YOUR_TOKEN)`,
		link: '',
		applicable: false,
	});
}

/** What only the proxy's administrator can do: give the proxy GitLab credentials that can read the project. */
function adminFix(asked: Asked, module: string): Fix {
	const gitlabHost = module.split('/')[0] ?? module;
	return {
		title: `Ask whoever runs ${hostOf(asked)} to let it fetch ${module}: give it a GitLab token with read_api (or read_repository) for ${gitlabHost} (Athens: a .netrc for ${gitlabHost} or GOPRIVATE/GONOSUMDB in its config; Artifactory/Nexus: the remote Go repository's credentials), and check it can reach ${gitlabHost}`,
		commands: [],
		safe: false,
	};
}
