// The modules of ./go.mod that look private, to offer when no MODULE was given: those GOPRIVATE
// matches (as Go resolves GOPRIVATE: the go-env check's own logic) and those on a host that has a
// .netrc entry Go would use. No network; reads only go.mod, the go env and the .netrc file.
import {goEnvCheck, setting} from '../checks/go-env.js';
import {readNetrcFiles} from '../checks/netrc-files.js';
import {readTextFile} from '../checks/read-text.js';
import type {CheckContext, Upstream} from '../engine/types.js';
import {goModModulePath, parseGoModRequires} from '../rules/go-mod.js';
import {findGoNetrcEntry, type GoNetrcEntry} from '../rules/go-netrc.js';
import {hostOf} from '../rules/module-path.js';
import {firstMatchingPattern} from '../rules/private-patterns.js';
import {hasControlCharacters} from '../output/terminal-text.js';
import type {Suggestion} from './run-state.js';

const nothingUpstream: Upstream<never> = {result: () => undefined, data: () => undefined};

/** Why a module looks private, or undefined when it does not. */
export function privateReason(module: string, goprivate: string, netrcEntries: GoNetrcEntry[]): string | undefined {
	const pattern = firstMatchingPattern(goprivate, module);
	if (pattern !== undefined) return `GOPRIVATE entry ${pattern}`;
	const host = hostOf(module);
	const entry = findGoNetrcEntry(netrcEntries, host);
	if (entry) return `.netrc entry for ${entry.machine}`;
	return undefined;
}

export async function suggestModules(context: CheckContext, goModPath: string, signal: AbortSignal): Promise<Suggestion[]> {
	const goMod = await readTextFile(context.system, goModPath);
	if (goMod.kind !== 'text') return [];
	const self = goModModulePath(goMod.text);
	const requires = parseGoModRequires(goMod.text).filter(item => item.path !== self);
	if (requires.length === 0) return [];
	const [goEnv, netrc] = await Promise.all([goEnvCheck.run(context, nothingUpstream, signal), readNetrcFiles(context)]);
	const goprivate = setting(goEnv.data, 'GOPRIVATE');
	const entries = netrc.go.parse?.entries ?? [];
	const seen = new Set<string>();
	const found: Suggestion[] = [];
	// Direct requirements first: they are what the person is most likely working on.
	for (const item of [...requires.filter(r => !r.indirect), ...requires.filter(r => r.indirect)]) {
		// A path with a control character is no module path Go accepts: not offered, and never shown raw.
		if (seen.has(item.path) || hasControlCharacters(item.path)) continue;
		seen.add(item.path);
		const why = privateReason(item.path, goprivate, entries);
		if (why) found.push({module: item.path, why: item.indirect ? `${why}, indirect` : why});
	}
	return found;
}
