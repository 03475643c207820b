// private-module: will Go keep this module away from the public proxy and checksum database?
import {goEnvFix} from '../fixes/builders.js';
import type {GoEnvData, PrivateModuleData} from '../engine/check-data.js';
import {type Check, type Fix, type FixAction, type Outcome, defineCheck} from '../engine/types.js';
import {planModuleFetch, type FetchPlan} from '../rules/goproxy.js';
import {govcsAllowing, govcsAllows, govcsError} from '../rules/govcs.js';
import {findPatternMistakes, mergedPrivatePatterns} from '../rules/private-patterns.js';
import {ownSetting, setting} from './go-env.js';
import {isModuleHostGitlabProxy} from './go-proxy-url.js';

const privacyKeys = ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'] as const;

export const privateModuleCheck = defineCheck({
	id: 'private-module',
	title: 'Private module settings',
	needs: ['go-env'],
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
		const data = {plan};

		if (plan.error) {
			return {status: 'fail', summary: plan.error, details: mistakes, evidence, fixes: [privateFix(goEnv, module)], data};
		}
		const problems: string[] = [];
		// The module's own GitLab Go proxy (gitlab-behaviour.md §4) is GitLab, not a public proxy: the go-proxy step judges it.
		const moduleHost = module.split('/')[0] ?? module;
		const ownProxies = plan.proxySteps.filter(step => step.url !== undefined && isModuleHostGitlabProxy(step.url, moduleHost)).map(step => step.display ?? step.url!);
		const publicProxies = plan.proxiesAsked.filter(url => !ownProxies.includes(url));
		if (publicProxies.length > 0) {
			problems.push(
				`Go sends the module path to ${publicProxies.join(', ')} before it tries GitLab: the path leaks, and a public proxy cannot see a private module.`,
			);
		}
		if (plan.stops && !(plan.proxiesAsked.length > 0 && publicProxies.length === 0)) problems.push(plan.stops);
		// Go checks GOVCS before it runs git for a module fetched direct (go-behaviour.md §3.6).
		const govcs = setting(goEnv, 'GOVCS');
		const vcsDecision = plan.direct ? govcsAllows(govcs, settings.GOPRIVATE, module, 'git') : undefined;
		if (vcsDecision && !vcsDecision.allowed) {
			evidence['GOVCS'] = govcs || '(empty)';
			const fixed = vcsDecision.rule && !vcsDecision.fromDefault ? govcsAllowing(govcs, vcsDecision.rule, 'git') : undefined;
			return {
				status: 'fail',
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
		if (problems.length > 0) {
			return {
				status: 'fail',
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
				summary: 'this module is covered, but some patterns never match anything',
				details: mistakes,
				evidence,
				fixes: [privateFix(goEnv, module)],
				data,
			};
		}
		return {
			status: 'pass',
			summary: plan.direct
				? 'Go fetches it straight from GitLab and skips the checksum database'
				: ownProxies.length > 0
					? `Go asks only GitLab's own Go proxy (${ownProxies.join(', ')}) and skips the checksum database`
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
