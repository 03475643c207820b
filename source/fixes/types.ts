// The contract between the fix engine and whoever offers fixes to a person (the TUI): a plan shows exactly what
// will change before anything does, and applying it backs up what it edits and writes atomically.
import type {Redactor} from '../engine/redact.js';
import type {FileWriter} from '../system/file-writer.js';
import type {System} from '../system/types.js';

export type FixResult = {
	ok: boolean;
	/** One or a few lines in plain words, redacted: what was done, or why nothing was. */
	message: string;
	/** The first backup made (see backupPaths when a fix edits several files). */
	backupPath?: string;
	backupPaths?: string[];
	/** True when Ctrl-C stopped the fix between two of its steps: `message` says what was done and what was not. */
	stopped?: boolean;
};

export type FixInput = {
	/** The secret asked for by `secretPrompt` (a token). Never echoed, never logged. */
	secret?: string;
	/** The value asked for by `inputPrompt` (a file path). */
	input?: string;
	/** Ctrl-C: no further step of the fix starts once it is aborted (a step under way finishes its atomic write). */
	signal?: AbortSignal;
};

export type FixPlan = {
	title: string;
	/** What will change, redacted: a unified diff or the exact command, with the current and the new value. */
	preview: string;
	/** Set when the user must type a secret (the netrc token): show the field masked, never echo or log it. */
	secretPrompt?: string;
	/** Set when the user must type a non-secret value (the CA file's path). */
	inputPrompt?: string;
	apply(input?: FixInput): Promise<FixResult>;
};

export type FixContext = {
	system: System;
	redactor: Redactor;
	/** Defaults to the real file system (nodeFileWriter). */
	writer?: FileWriter;
	/** The wall clock for backup names; defaults to the current time. */
	now?: () => Date;
};

/** A fix context with its defaults filled in. */
export type ResolvedFixContext = Required<FixContext>;

export type ActionPlan = {
	preview: string;
	secretPrompt?: string;
	inputPrompt?: string;
	/** `backups` is shared by the actions of one fix, so a file edited twice is backed up once, before the first edit. */
	apply(input: FixInput, backups: Backups): Promise<FixResult>;
};

export type Unavailable = {unavailable: string};

/** The backups made while applying one fix: original path → backup path. */
export type Backups = Map<string, string>;
