// What the command line asks for and what the process answers with: the option types every entry point
// (cli.tsx, headless.ts, interactive.tsx) shares, and the exit statuses, named once.

/** 0 no check failed (warnings allowed) · 1 a check failed · 2 usage error, unreadable input or a crash · 3 cannot
 * check now (the host cannot be reached, and nothing else failed) · 130 interrupted. */
export const exitStatus = {ok: 0, checkFailed: 1, usage: 2, unreachable: 3, interrupted: 130} as const;

export type ExitStatus = (typeof exitStatus)[keyof typeof exitStatus];

/** The exit status of a finished run's verdict. */
export function exitStatusOfVerdict(verdict: 'pass' | 'warn' | 'fail'): ExitStatus {
	return verdict === 'fail' ? exitStatus.checkFailed : exitStatus.ok;
}

export type CliOptions = {
	/** Undefined only in the interactive view, which then asks for it, or in repository mode. */
	module: string | undefined;
	/** The VERSION of a single MODULE@VERSION: go asks for that tag (git-access checks it exists). */
	version?: string | undefined;
	/** Repository mode: several MODULE arguments, or none with a go.mod / go.work around (--dir). */
	modules: string[];
	dir: string | undefined;
	/** Repository mode: nothing when nothing fails, else only what fails. */
	quiet: boolean;
	json: boolean;
	/** Plain output even on a terminal (--plain). */
	plain: boolean;
	offline: boolean;
	timeoutMs: number;
	verbose: boolean;
	reportFile: string | undefined;
	geoSecondary: string | undefined;
	/** Run the real go as the last step (go-confirm); --no-confirm turns it off, --offline never runs it. */
	confirm: boolean;
};

/** A plain or JSON run always has a module. */
export type HeadlessOptions = CliOptions & {module: string};
