// What a session is given: the checks, the system, the run's options, and the services the entry point wires in
// (fix planning, the report writer, the terminal). Shared by the session's parts (session.ts).
import type {Redactor} from '../engine/redact.js';
import type {AnyCheck, Fix, RunResult} from '../engine/types.js';
import type {System} from '../system/types.js';

/** What source/fixes plans for a safe fix (see source/fixes/index.ts). */
export type FixPlanLike = {
	title: string;
	preview: string;
	secretPrompt?: string;
	inputPrompt?: string;
	apply(input?: {secret?: string; input?: string; signal?: AbortSignal}): Promise<{ok: boolean; message: string; backupPath?: string; backupPaths?: string[]; stopped?: boolean}>;
};

export type FixPlanner = (fix: Fix, context: {system: System; redactor: Redactor}) => Promise<FixPlanLike | {unavailable: string}>;

export type SessionOptions = {
	checks: ReadonlyArray<AnyCheck>;
	system: System;
	redactor: Redactor;
	offline: boolean;
	timeoutMs: number;
	verbose: boolean;
	/** `--geo-secondary HOST`. */
	geoSecondary?: string;
	/** `--report FILE`: written after every complete run, and the file `s` saves to. */
	reportFile?: string;
	/** Where ./go.mod and the default report live. */
	cwd: string;
	/** The module view opened from a repository's overview: that module is a requirement of `file` (at `version`),
	 * so it is checked as repository mode checks it (a module root, docs/go.md §5.1; go-confirm reads that file). */
	required?: {module: string; file: string; version?: string};
	/** Undefined when the fix engine is not part of this build. */
	planFix?: FixPlanner;
	/** The redacted Markdown report for a result; undefined when the report writer is not part of this build. */
	renderReport?: (result: RunResult) => Promise<string>;
	/** Writes a file and returns the path it wrote, as the person should read it. */
	writeFile(path: string, text: string): Promise<string>;
	/** Raw bytes for the terminal (OSC 52); undefined when there is no terminal to ask. */
	writeToTerminal?: (data: string) => void;
};

export const defaultReportFile = 'gitlab-go-check-report.md';
