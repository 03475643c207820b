// Answers to the token step's API requests that are not GitLab's (a portal, a login page, a proxy, JSON that
// does not parse): said as what they are, never as a verdict on the token.
import {longerTimeoutFix} from '../fixes/builders.js';
import {hostOfUrl} from '../rules/hosts.js';
import type {TokenData} from '../engine/check-data.js';
import {type Outcome} from '../engine/types.js';
import {describeBody, failureText, statusLine, type ApiAnswer} from './gitlab-api.js';
import {type Situation} from './token-situation.js';


export function hostile(situation: Situation, path: string, answer: ApiAnswer, data: TokenData = {kind: 'unknown'}): Outcome<TokenData> {
	const {host, evidence} = situation;
	const endpoint = `https://${host}/api/v4/${path}`;
	// go never calls the REST API: when only the API is broken the token may still work, so this cannot fail the run
	// (the go-get discovery step fails when go-get meets the same trouble).
	if (answer.kind === 'failure') {
		const seconds = situation.context.options.timeoutMs / 1000;
		return {
			status: 'warn',
			reason: `token-api-${answer.failure.kind}`,
			summary: `cannot check the token: ${answer.failure.message}`,
			details: [
				`The request was ${endpoint}. Go itself never asks the API, so the go-get discovery step says whether go get meets the same trouble.`,
				...(answer.failure.kind === 'timeout' ? [`If GitLab is only slow, allow more time with --timeout (the limit was ${seconds} s).`] : []),
			],
			evidence: {...evidence, failure: failureText(answer.failure)},
			fixes: answer.failure.kind === 'timeout' ? [longerTimeoutFix(situation.context.options.module, situation.context.options.timeoutMs)] : [],
			data,
		};
	}
	const response = answer.response;
	const what = answer.kind === 'not-json' ? answer.what : 'JSON GitLab does not send there';
	const otherHost = hostOfUrl(response.url) !== host ? ` from ${hostOfUrl(response.url)}` : '';
	const serverError = response.status >= 500;
	return {
		status: 'warn',
		reason: serverError ? 'token-api-server-error' : 'token-api-unexpected',
		summary: serverError
			? `cannot check the token: GitLab's API at ${host} answered ${statusLine(response)} (the server, or a proxy in front of it, has a problem)`
			: `cannot check the token: ${endpoint} answered ${statusLine(response)} with ${what}${otherHost}, not GitLab's JSON`,
		details: [
			serverError
				? 'Try again later, or tell the GitLab administrators.'
				: 'GitLab\'s API answers with JSON. An HTML page here is usually a single-sign-on login page, a captive portal or a proxy\'s block page.',
			'Go itself never asks the API: the go-get discovery step says whether go get meets the same trouble.',
		],
		evidence: {...evidence, answer: `${statusLine(response)} ${response.headers['content-type'] ?? '(no content type)'}${otherHost}`},
		fixes: serverError ? [] : [{title: `Open https://${host}/ in a browser on this machine: sign in to the network or the page it shows, then run this check again`, commands: [], safe: false}],
		data,
	};
}

export function describeAnswer(request: string, answer: ApiAnswer): string {
	return `${request} → ${shortAnswer(answer)}`;
}

export function shortAnswer(answer: ApiAnswer): string {
	if (answer.kind === 'failure') return answer.failure.message;
	const status = statusLine(answer.response);
	if (answer.kind === 'not-json') return `${status}, ${describeBody(answer.response)}`;
	if (answer.status === 200) return status;
	const body = answer.response.body.length > 200 ? `${answer.response.body.slice(0, 200)}…` : answer.response.body;
	return `${status} ${body}`.trim();
}
