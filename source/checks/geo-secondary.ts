// geo-secondary: when git goes to a GitLab Geo secondary (an insteadOf rule names another host, or --geo-secondary
// HOST), is the secondary reachable, does it accept the credentials git sends there, and does it serve the
// repository itself? (gitlab-behaviour.md §3; seed-use-project-as-go-package.md "Fetch Go modules from Geo secondary
// sites"; git-behaviour.md §2, §4, §5.) Go's own ?go-get=1 discovery still goes to the primary: only git is redirected.
import {hostnameOf} from '../rules/hosts.js';
import type {GitRouteData, GeoSecondaryData} from '../engine/check-data.js';
import {type Outcome, defineCheck} from '../engine/types.js';
import {type Target, newSituation, projectPathOf} from './geo-secondary-situation.js';
import {checkHttps} from './geo-secondary-https.js';
import {checkSsh} from './geo-secondary-ssh.js';

/** Which secondary to check, or why there is none. */
export function secondaryTarget(route: GitRouteData, flag: string | undefined): Target | {skip: string} {
	// A Geo secondary is a host the user named: an insteadOf rule of theirs, or --geo-secondary. Another host that a
	// go-import tag names is the server's word, not a secondary: no Geo advice (copy your token there) for it.
	const named = route.rule !== undefined || (flag !== undefined && flag !== '' && route.host !== undefined && hostnameOf(flag) === route.host.toLowerCase());
	if (route.differentHost && route.host !== undefined && !named && (flag === undefined || flag === '')) {
		return {skip: `git goes to ${route.host}, which the go-import answer of ${route.moduleHost} names, not an insteadOf rule of yours: this step checks only Geo secondaries you name (an insteadOf rule, or --geo-secondary HOST)`};
	}
	if (route.differentHost && route.host !== undefined && named) {
		const host = route.host.toLowerCase();
		const hostPort = route.port !== undefined ? `${host}:${route.port}` : host;
		const base = {host, hostPort, url: route.url, origin: route.originalUrl, routed: true, ...(route.port !== undefined ? {port: route.port} : {}), ...(route.user !== undefined ? {user: route.user} : {})};
		if (route.kind === 'https' || route.kind === 'http') return {...base, transport: 'https'};
		if (route.kind === 'scp' || route.kind === 'ssh') return {...base, transport: 'ssh'};
		return {skip: `git goes to ${route.host} with a ${route.kind} URL (${route.url}); this step checks Geo secondaries over HTTPS and SSH only`};
	}
	if (flag !== undefined && flag !== '') {
		const hostPort = flag.toLowerCase();
		const url = `https://${hostPort}/${projectPathOf(route.originalUrl)}.git`;
		const port = /:(\d+)$/.exec(hostPort);
		return {host: hostnameOf(hostPort), hostPort, transport: 'https', url, origin: url, routed: false, ...(port ? {port: Number(port[1])} : {})};
	}
	return {
		skip: `git goes to ${route.host ?? route.moduleHost}, the module's own host: no insteadOf rule sends it to a Geo secondary (give --geo-secondary HOST to check one)`,
	};
}

export const geoSecondaryCheck = defineCheck({
	id: 'geo-secondary',
	title: 'Geo secondary',
	needs: ['git-route'],
	after: ['git-auth', 'token', 'netrc'],
	reads: ['git-config', 'netrc-file', 'ssh-config'],
	local: false,
	// SSH: the BatchMode probe (2 × --timeout + 2 s) then ls-remote (--timeout); HTTPS: the probe and ls-remote at once.
	timeLimitMs: options => options.timeoutMs * 4 + 5000,
	waitingFor: options => options.geoSecondary,
	async run(context, upstream, signal): Promise<Outcome<GeoSecondaryData>> {
		const route = upstream.data('git-route');
		if (!route) return {status: 'skip', summary: 'git-route found no URL for git'};
		const flag = context.options.geoSecondary;
		const target = secondaryTarget(route, flag);
		if ('skip' in target) return {status: 'skip', summary: target.skip};
		const situation = newSituation(context, upstream, route, target, flag);
		return target.transport === 'ssh' ? checkSsh(situation, signal) : checkHttps(situation, signal);
	},
});
