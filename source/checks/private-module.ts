// private-module: will Go keep this module away from the public proxy and checksum database?
import {goEnvFix} from '../fixes/builders.js';
import type {GoEnvData, PrivateModuleData} from '../engine/check-data.js';
import {type Check, type Fix, type FixAction, type Outcome, defineCheck} from '../engine/types.js';
import {planModuleFetch, type FetchPlan} from '../rules/goproxy.js';
import {govcsAllowing, govcsAllows, govcsError} from '../rules/govcs.js';
import {classifyModule, type Visibility} from '../rules/module-visibility.js';
import {findPatternMistakes, mergedPrivatePatterns} from '../rules/private-patterns.js';
import {ownSetting, setting} from './go-env.js';
import {proxyKind} from '../rules/go-route.js';

const privacyKeys = ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'] as const;

export const privateModuleCheck = defineCheck({
	id: 'private-module',
	title: 'Private module settings',
	needs: ['go-env'],
	// Whether the project is private decides whether the public proxy is a problem: GitLab's anonymous answer
	// (online) and the credentials Go has for the host tell.
	after: ['go-import', 'netrc'],
	local: true,
	async run({options}, upstream): Promise<Outcome<PrivateModuleData>> {
		const goEnv = upstream.data('go-env');
		const module = options.module;
		const settings = {
			GOPROXY: setting(goEnv, 'GOPROXY'),
			GONOPROXY: ownSetting(goEnv, 'GONOPROXY'),
			GONOSUMDB: ownSetting(goEnv, 'GONOSUMDB'),
			GOPRIVATE: setting(goEnv, 'GOPRIVATE'),
			GOSUMDB: setting(goEnv, 'GOSUMDB'),
			GOINSECURE: setting(goEnv, 'GOINSECURE'),
		};
		const plan = planModuleFetch(settings, module);
		const evidence: Record<string, unknown> = {
			...Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, value || '(empty)'])),
			effectiveGONOPROXY: plan.effectiveGonoproxy || '(empty)',
			effectiveGONOSUMDB: plan.effectiveGonosumdb || '(empty)',
			proxiesAsked: plan.proxiesAsked,
			checksumDatabase: plan.sumdb.consulted ? plan.sumdb.name : `not consulted: ${plan.sumdb.reason}`,
		};
		const mistakes = privacyKeys.flatMap(key =>
			findPatternMistakes(settings[key], module).map(mistake => `${key}: ${mistake.message}`),
		);
		const data: PrivateModuleData = {plan};

		if (plan.error) {
			return {status: 'fail', reason: 'go-env-invalid-route', summary: plan.error, details: mistakes, evidence, fixes: [privateFix(goEnv, module)], data};
		}
		const problems: string[] = [];
		// Only a public proxy is a leak: the module's own GitLab Go proxy (docs/gitlab.md §4) and a company proxy are
		// where the module is meant to go, and the go-proxy step asks them (rules/go-route.ts).
		const moduleHost = module.split('/')[0] ?? module;
		const ownProxies = plan.proxySteps.filter(step => step.url !== undefined && proxyKind(step.url, moduleHost) !== 'public').map(step => step.display ?? step.url!);
		const gitlabOnly = plan.proxySteps.every(step => step.url !== undefined && proxyKind(step.url, moduleHost) === 'gitlab');
		const publicProxies = plan.proxiesAsked.filter(url => !ownProxies.includes(url));
		if (publicProxies.length > 0) {
			problems.push(
				`Go sends the module path to ${publicProxies.join(', ')} before it tries GitLab: the path leaks, and a public proxy cannot see a private module.`,
			);
		}
		// Where go stops for want of "direct" is certain only when every proxy is public (each answers not found); with a
		// company or GitLab proxy on the route, the go-proxy step asks it and judges the end of the walk.
		if (plan.stops && publicProxies.length === plan.proxiesAsked.length) problems.push(plan.stops);
		// Go checks GOVCS before it runs git for a module fetched direct (docs/go.md §3.6).
		const govcs = setting(goEnv, 'GOVCS');
		const vcsDecision = plan.direct ? govcsAllows(govcs, settings.GOPRIVATE, module, 'git') : undefined;
		if (vcsDecision && !vcsDecision.allowed) {
			evidence['GOVCS'] = govcs || '(empty)';
			const fixed = vcsDecision.rule && !vcsDecision.fromDefault ? govcsAllowing(govcs, vcsDecision.rule, 'git') : undefined;
			return {
				status: 'fail',
				reason: 'govcs-disallows',
				summary: vcsDecision.error ?? govcsError(settings.GOPRIVATE, module, 'git'),
				details: [
					vcsDecision.rule
						? `The GOVCS rule "${vcsDecision.rule.pattern}:${vcsDecision.rule.allowed.join('|')}" matches this module first and does not allow git.`
						: 'GOVCS cannot be parsed, so Go refuses every version control tool.',
				],
				evidence,
				fixes: [
					goEnvFix('Allow git for this module in GOVCS', [{key: 'GOVCS', value: fixed, inEnvironment: goEnv?.settings['GOVCS']?.source === 'environment'}]),
				],
				data,
			};
		}
		if (plan.sumdb.consulted) {
			problems.push(`Go verifies new versions against the checksum database ${plan.sumdb.name}: ${plan.sumdb.reason}`);
		}
		const visibility = classifyModule({
			module,
			host: moduleHost,
			patterns: {GOPRIVATE: settings.GOPRIVATE, GONOPROXY: settings.GONOPROXY, GONOSUMDB: settings.GONOSUMDB},
			credentials: upstream.data('netrc')?.goCredential ? 'Go has a .netrc entry' : undefined,
			anonymous: upstream.data('go-import')?.anonymous,
		});
		// A pattern that tries to cover the module and misses (a scheme, a space) shows the intent: private.
		if (visibility.classification !== 'private' && mistakes.length > 0) Object.assign(visibility, {classification: 'private', reason: 'a pattern means to cover it but never matches'});
		evidence['visibility'] = `${visibility.classification}: ${visibility.reason}`;
		data.visibility = visibility;
		// GOPROXY=off and the like stop Go whatever the visibility; only the public route depends on it.
		const routeIsPublic = problems.length > 0 && !plan.stops;
		if (routeIsPublic && visibility.classification === 'public') {
			return {
				status: 'pass',
				summary: `Go treats ${module} as public, and it is: ${visibility.reason}`,
				details: ['Go fetches a public module through the public proxy and checks it against the checksum database; that works, and needs no GOPRIVATE.'],
				evidence,
				data,
			};
		}
		if (routeIsPublic && visibility.classification === 'unknown') {
			return {
				status: 'warn',
				reason: 'private-module-maybe-public',
				summary: `if this project is private, GOPRIVATE must cover it: ${visibility.reason}`,
				details: [
					`For a public project this is right: Go fetches it through the public proxy. For a private one, go get fails: ${problems.join(' ')}`,
					...mistakes,
				],
				evidence,
				fixes: [{...privateFix(goEnv, module), title: 'If the project is private: tell Go so (keeps your existing patterns)'}],
				data,
			};
		}
		if (problems.length > 0) {
			return {
				status: 'fail',
				// One code per way the module goes public: the proxy (the path leaks) outranks the checksum database.
				reason: publicProxies.length > 0 ? 'private-module-public-proxy' : plan.sumdb.consulted ? 'private-module-checksum-database' : 'private-module-proxy-stops',
				summary: plan.sumdb.consulted && publicProxies.length > 0
					? `Go treats ${module} as public: it asks the public proxy and checksum database for it`
					: plan.sumdb.consulted
						? `Go checks ${module} against the public checksum database ${plan.sumdb.name}`
						: `Go asks ${publicProxies[0] ?? 'a proxy'} for ${module} instead of GitLab`,
				details: [...problems, ...mistakes],
				evidence,
				fixes: [privateFix(goEnv, module)],
				data,
			};
		}
		if (mistakes.length > 0) {
			return {
				status: 'warn',
				reason: 'private-pattern-never-matches',
				summary: 'this module is covered, but some patterns never match anything',
				details: mistakes,
				evidence,
				fixes: [privateFix(goEnv, module)],
				data,
			};
		}
		return {
			status: 'pass',
			summary:
				ownProxies.length > 0
					? `Go asks only ${gitlabOnly ? "GitLab's own Go proxy" : 'non-public module proxies'} (${ownProxies.join(', ')})${plan.direct ? ', then GitLab itself,' : ''} and skips the checksum database`
					: plan.direct
						? 'Go fetches it straight from GitLab and skips the checksum database'
						: 'Go skips the public proxy and checksum database',
			evidence,
			data,
		};
	},
});

/**
 * `go env -w GOPRIVATE=…` merged pattern by pattern with the user's own. A GONOPROXY or GONOSUMDB the user set stops
 * GOPRIVATE from being their default, so the module is merged into those too, never dropped: their own patterns stay.
 * Where the OS environment sets a variable, `go env -w` cannot override it, so that part is for the shell profile
 * and the tool does not apply the fix itself.
 */
function privateFix(goEnv: GoEnvData | undefined, module: string): Fix {
	const changes = (['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'] as const).flatMap(key => {
		const current = goEnv?.settings[key];
		if (key !== 'GOPRIVATE' && (!current?.value || current.derivedFrom)) return [];
		return [{key, value: mergedPrivatePatterns(current?.value ?? '', module), inEnvironment: current?.source === 'environment'}];
	});
	return goEnvFix('Tell Go the module is private (keeps your existing patterns)', changes);
}
