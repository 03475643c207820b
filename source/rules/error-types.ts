// The types of the one go/git error table (go-git-errors.ts): reason codes, what a diagnosis names, and a row.
import type {CheckId, Fix} from '../engine/types.js';

export type ReasonCode =
	| 'go-insecure-flag'
	| 'go-modules-off'
	| 'go-toolchain'
	| 'govcs-disallows'
	| 'goproxy-off'
	| 'checksum-database'
	| 'checksum-mismatch'
	| 'public-proxy'
	| 'module-proxy'
	| 'gitlab-go-proxy'
	| 'module-path-mismatch'
	| 'wrong-repository-tag'
	| 'unknown-revision'
	| 'no-secure-protocol'
	| 'go-tls'
	| 'go-proxy-connect'
	| 'go-dns'
	| 'go-refused'
	| 'go-timeout'
	| 'go-get-not-found'
	| 'go-get-auth'
	| 'go-get-server-error'
	| 'no-go-import-meta'
	| 'unrecognized-import-path'
	| 'git-no-credentials'
	| 'git-no-password'
	| 'git-auth-rejected'
	| 'gitlab-two-segment'
	| 'git-not-found'
	| 'git-forbidden'
	| 'git-tls'
	| 'git-network'
	| 'git-protocol'
	| 'git-netrc-parse'
	| 'git-local-path'
	| 'git-bad-config'
	| 'ssh-publickey'
	| 'ssh-host-key'
	| 'ssh-network'
	| 'git-failed';

export type Diagnosis = {
	reason: ReasonCode;
	/** The cause in plain words. */
	cause: string;
	/** The check that names this cause first; then the others this text is consistent with. Never empty. */
	checks: CheckId[];
	module?: string;
	version?: string;
	host?: string;
	url?: string;
	/** The lines it was read from (cleaned; not yet redacted). */
	lines: string[];
	fixes: Fix[];
};

export type ClassifyContext = {
	/** The module the text is about, when the caller knows it (go-confirm does): fills in what the text lacks. */
	module?: string;
};

/** What a row reads besides its match: the module and host the text names, the first URL, and the whole block. */
export type Facts = {module?: string; host: string; url?: string; urlHost?: string; text: string};

/** One signature of the table: the text it matches, the checks that confirm it, the cause and the fixes. */
export type Row = {
	reason: ReasonCode;
	test: RegExp;
	/** A further condition on the match, where a regular expression cannot say it (whose proxy answered). */
	when?: (match: RegExpExecArray) => boolean;
	checks: (facts: Facts) => CheckId[];
	cause: (facts: Facts, match: RegExpExecArray) => string;
	fixes: (facts: Facts, match: RegExpExecArray) => Fix[];
};
