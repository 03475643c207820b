// The Go releases installed side by side (Debian: /usr/lib/go-1.N/bin/go), for tests that compare the tool with
// the real go of each release. A release that is not installed is reported as missing, never silently dropped.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';

export type GoRelease = {
	/** "1.24" */
	release: string;
	/** The directory holding its go binary, put first on PATH to make it the go that runs. */
	binDir: string;
	/** "1.24.4", from `go version`. */
	version: string;
};

/** The releases the tests run on (issue 10): Go 1.19 (Debian 12's), 1.21, 1.22, 1.23 and 1.24. */
export const WANTED_RELEASES = ['1.19', '1.21', '1.22', '1.23', '1.24'] as const;

function versionOf(goBinary: string): string | undefined {
	const result = spawnSync(goBinary, ['version'], {encoding: 'utf8', timeout: 10_000, env: {...process.env, GOTOOLCHAIN: 'local'}});
	return result.status === 0 ? /\bgo(\d+\.\d+(?:\.\d+)?)/.exec(result.stdout)?.[1] : undefined;
}

let found: {installed: GoRelease[]; missing: string[]} | undefined;

/** The wanted releases found here, and the ones missing. */
export function goReleases(): {installed: GoRelease[]; missing: string[]} {
	if (found) return found;
	const installed: GoRelease[] = [];
	const missing: string[] = [];
	for (const release of WANTED_RELEASES) {
		const binDir = `/usr/lib/go-${release}/bin`;
		const version = existsSync(`${binDir}/go`) ? versionOf(`${binDir}/go`) : undefined;
		if (version && version.startsWith(`${release}.`)) installed.push({release, binDir, version});
		else missing.push(release);
	}
	found = {installed, missing};
	return found;
}

/** PATH with the release's go first: both the tool and the real go then run that release. */
export function pathWith(release: GoRelease, path = process.env['PATH'] ?? '/usr/bin:/bin'): string {
	return `${release.binDir}:${path}`;
}
