// The go-proxy check's fixes: GOPROXY and GONOSUMDB written where they are set (go env file or environment), the .netrc
// entry for a proxy host, and the administrator's side of a company proxy, as steps for a person.
import type {Fix} from '../engine/types.js';
import {goEnvCommand, goEnvFix} from '../fixes/builders.js';
import type {FetchPlan} from '../rules/goproxy.js';
import {mergedPrivatePatterns} from '../rules/private-patterns.js';
import type {GoEnvData} from '../engine/check-data.js';

const goProxyDocs = 'https://docs.gitlab.com/user/packages/go_proxy/';

/** `go env -w` for the keys the go env file holds; `export` for the ones the environment sets (it beats go env -w).
 * Each value is quoted by the one command builder (a GOPROXY entry can hold any byte). */
export function goEnvCommands(goEnv: GoEnvData | undefined, values: Record<string, string>): string[] {
	const written = Object.entries(values).filter(([key]) => goEnv?.settings[key]?.source !== 'environment');
	const exported = Object.entries(values).filter(([key]) => goEnv?.settings[key]?.source === 'environment');
	const assignments = (pairs: Array<[string, string]>, prefix: string) => pairs.map(([key, value]) => goEnvCommand(key, value, false).command.slice(prefix.length)).join(' ');
	const commands: string[] = [];
	if (written.length > 0) commands.push(`go env -w ${assignments(written, 'go env -w ')}`);
	if (exported.length > 0) commands.push(`export ${assignments(exported, 'go env -w ')}   # in your shell profile: the environment beats go env -w`);
	return commands;
}

export function goproxyFix(goEnv: GoEnvData | undefined, title: string, value: string): Fix {
	return goEnvFix(title, [{key: 'GOPROXY', value, inEnvironment: goEnv?.settings['GOPROXY']?.source === 'environment'}]);
}

/** The checksum database will be asked for the module (docs/go.md §3.4): what happens, and the GONOSUMDB fix. */
export function sumdbProblem(goEnv: GoEnvData | undefined, plan: FetchPlan, module: string, where?: string): {detail: string; fix: Fix} | undefined {
	if (!plan.sumdb.consulted) return undefined;
	const name = plan.sumdb.name ?? 'sum.golang.org';
	const via = where !== undefined ? ` ${where}` : plan.sumdb.via && plan.sumdb.via.length > 1 ? ` Go first asks ${plan.sumdb.via.slice(0, -1).map(url => `${url}/supported`).join(', ')} (GitLab's proxy answers 404), then ${plan.sumdb.via.at(-1)} itself.` : '';
	const current = goEnv?.settings['GONOSUMDB'];
	const existing = current && !current.derivedFrom ? current.value : '';
	const merged = mergedPrivatePatterns(existing, module);
	const inEnvironment = current?.source === 'environment';
	return {
		detail: `${plan.sumdb.reason[0]!.toUpperCase()}${plan.sumdb.reason.slice(1)}.${via} GitLab's Go proxy docs set GONOSUMDB for this (GOPRIVATE would also make Go skip the proxy).`,
		fix: goEnvFix(`Keep ${module} away from the checksum database ${name}: list it in GONOSUMDB (keeps your existing patterns)`, [{key: 'GONOSUMDB', value: merged, inEnvironment}], {link: goProxyDocs}),
	};
}
