// Which .netrc file git's libcurl reads (docs/curl.md §1.1), apart from the parser so that the command's entry can
// tell, before the checks load, whether `curl --version` is worth starting (command-line.ts). Pure.
import type {Environment, Platform} from '../system/types.js';
import {getEnv} from './environment.js';

/**
 * libcurl's file: (curl ≥ 8.16 only: NETRC if set) else $HOME/.netrc, else the passwd home; Windows: %HOME% else
 * %USERPROFILE%, `.netrc` then `_netrc`. Paths are built as curl builds them (plain concatenation).
 */
export function curlNetrcCandidates(env: Environment, platform: Platform, options: {honoursNetrcEnv: boolean; passwdHome?: string}): string[] {
	const windows = platform === 'win32';
	// curl_getenv: on Windows an empty variable reads as unset; elsewhere "" is a value.
	const read = (name: string): string | undefined => {
		const value = getEnv(env, name, platform);
		return windows && value === '' ? undefined : value;
	};
	if (options.honoursNetrcEnv) {
		const netrc = read('NETRC');
		if (netrc !== undefined) return netrc === '' ? [] : [netrc];
	}
	const home = read('HOME') ?? (windows ? read('USERPROFILE') : options.passwdHome);
	if (home === undefined) return [];
	return windows ? [`${home}\\.netrc`, `${home}\\_netrc`] : [`${home}/.netrc`];
}

/**
 * Whether curl's release changes what git reads: which file (only curl ≥ 8.16 reads NETRC) or how the file is parsed
 * (the parser was rewritten in 8.16). With NETRC unset (the same files either way) and none of them present, every
 * curl reads nothing, so `curl --version` need not run.
 */
export function curlReleaseMatters(env: Environment, platform: Platform, exists: (path: string) => boolean): boolean {
	const older = curlNetrcCandidates(env, platform, {honoursNetrcEnv: false});
	const newer = curlNetrcCandidates(env, platform, {honoursNetrcEnv: true});
	if (older.length !== newer.length || older.some((path, index) => path !== newer[index])) return true;
	return older.some(path => exists(path));
}
