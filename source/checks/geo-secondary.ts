// geo-secondary: when git goes to a GitLab Geo secondary (an insteadOf rule names another host, or --geo-secondary
// HOST), is the secondary reachable, does it accept the credentials git sends there, and does it serve the
// repository itself? (docs/gitlab.md §3; docs/gitlab.md §7.4; docs/git.md §2, §4, §5.) Go's own ?go-get=1 discovery still goes to the primary: only git is redirected.
import {hostnameOf} from '../rules/hosts.js';
import type {GitRouteData, GeoSecondaryData} from '../engine/check-data.js';
import {type CheckContext, type ModuleTarget, type Outcome, type Upstream, defineCheck} from '../engine/types.js';
import {type GeoReads, type Target, newSituation, projectPathOf} from './geo-secondary-situation.js';
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
	// The same for every module on the host: repository mode runs it once per host.
	scope: 'host',
	title: 'Geo secondary',
	needs: ['git-route'],
	after: ['git-auth', 'token', 'netrc'],
	reads: ['git-config', 'netrc-file', 'ssh-config'],
	local: false,
	// Judged only when go reaches the direct route (no GOPROXY entry serves the module or stops go first).
	route: 'direct',
	// SSH: the BatchMode probe (2 × --timeout + 2 s) then ls-remote (--timeout); HTTPS: the probe and ls-remote at once.
	timeLimitMs: options => options.timeoutMs * 4 + 5000,
	waitingFor: options => options.geoSecondary,
	async run(context, upstream, signal): Promise<Outcome<GeoSecondaryData>> {
		const flag = context.options.geoSecondary;
		// Every module's own route: an insteadOf rule may send only some of a host's modules to a secondary.
		const routes = (upstream.each?.('git-route') ?? [{target: context.target, data: upstream.data('git-route')}]).flatMap(({target, data}) => (data ? [{module: target, route: data}] : []));
		if (routes.length === 0) return {status: 'skip', summary: 'git-route found no URL for git'};
		const sent = routes.flatMap(entry => {
			const target = secondaryTarget(entry.route, flag);
			return 'skip' in target ? [] : [{...entry, target}];
		});
		const first = sent[0];
		if (!first) {
			const skipped = secondaryTarget(routes[0]!.route, flag);
			return {status: 'skip', summary: 'skip' in skipped ? skipped.skip : 'no Geo secondary'};
		}
		// The first module git sends there stands for the others (the secondary takes the credentials, or not, for all).
		const own = first.module === context.target ? {context, upstream} : moduleView(context, upstream, first.module);
		const situation = newSituation(own.context, own.upstream, first.route, first.target, flag);
		const others = [...new Set(sent.filter(entry => entry.target.hostPort !== first.target.hostPort).map(entry => entry.target.hostPort))];
		if (others.length > 0) situation.details.push(`Some modules go to another secondary (${others.join(', ')}): only ${first.target.hostPort} is checked here.`);
		const outcome = await (first.target.transport === 'ssh' ? checkSsh(situation, signal) : checkHttps(situation, signal));
		const concerned = sent.filter(entry => entry.target.hostPort === first.target.hostPort).map(entry => entry.module.module);
		return concerned.length < routes.length && (outcome.status === 'fail' || outcome.status === 'warn') ? {...outcome, concerns: concerned} : outcome;
	},
});

/** The run as one module's own steps see it, for the host step that judges the secondary with that module's route. */
function moduleView(context: CheckContext, upstream: Upstream<GeoReads>, module: ModuleTarget): {context: CheckContext; upstream: Upstream<GeoReads>} {
	const entry = <Id extends GeoReads>(id: Id) => upstream.each?.(id).find(each => each.target === module);
	return {
		context: {...context, target: module},
		upstream: {
			...upstream,
			result: id => entry(id)?.result ?? upstream.result(id),
			data: <Id extends GeoReads>(id: Id) => {
				const own = entry(id);
				return own ? own.data : upstream.data(id);
			},
		},
	};
}
