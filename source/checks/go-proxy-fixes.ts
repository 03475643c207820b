// The go-proxy check's fixes: GOPROXY and GONOSUMDB written where they are set (go env file or environment), the .netrc
// entry for a proxy host, and the administrator's side of a company proxy, as steps for a person.
import type {Fix, FixAction} from '../engine/types.js';
import type {FetchPlan} from '../rules/goproxy.js';
import {mergedPrivatePatterns} from '../rules/private-patterns.js';
import type {GoEnvData} from '../engine/check-data.js';

const goProxyDocs = 'https://docs.gitlab.com/user/packages/go_proxy/';

/** A value in single quotes for a POSIX shell (the value comes from the user's settings: never trusted). */
export function singleQuoted(value: string): string {
	return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `go env -w` for the keys the go env file holds; `export` for the ones the environment sets (it beats go env -w). */
export function goEnvCommands(goEnv: GoEnvData | undefined, values: Record<string, string>): string[] {
	const written = Object.entries(values).filter(([key]) => goEnv?.settings[key]?.source !== 'environment');
	const exported = Object.entries(values).filter(([key]) => goEnv?.settings[key]?.source === 'environment');
	const commands: string[] = [];
	if (written.length > 0) commands.push(`go env -w ${written.map(([key, value]) => `${key}=${singleQuoted(value)}`).join(' ')}`);
	if (exported.length > 0) commands.push(`export ${exported.map(([key, value]) => `${key}=${singleQuoted(value)}`).join(' ')}   # in your shell profile: the environment beats go env -w`);
	return commands;
}


export function goproxyFix(goEnv: GoEnvData | undefined, title: string, value: string): Fix {
	const fromEnvironment = goEnv?.settings['GOPROXY']?.source === 'environment';
	const actions: FixAction[] = fromEnvironment ? [] : [{kind: 'go-env', key: 'GOPROXY', value}];
	return {
		title,
		commands: [fromEnvironment ? `export GOPROXY=${singleQuoted(value)}   # in your shell profile: the environment beats go env -w` : `go env -w GOPROXY=${singleQuoted(value)}`],
		safe: !fromEnvironment,
		...(actions.length > 0 ? {actions} : {}),
	};
}

/** The checksum database will be asked for the module (go-behaviour.md §3.4): what happens, and the GONOSUMDB fix. */
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
		fix: {
			title: `Keep ${module} away from the checksum database ${name}: list it in GONOSUMDB (keeps your existing patterns)`,
			commands: [inEnvironment ? `export GONOSUMDB=${singleQuoted(merged)}   # in your shell profile: the environment beats go env -w` : `go env -w GONOSUMDB=${singleQuoted(merged)}`],
			safe: !inEnvironment,
			...(inEnvironment ? {} : {actions: [{kind: 'go-env', key: 'GONOSUMDB', value: merged} as FixAction]}),
			link: goProxyDocs,
		},
	};
}
