// What every handler of one fake instance needs to know about it.
import type {GitlabModel} from './model.js';
import type {HostileRule} from './hostile.js';

export interface InstanceSettings {
	/** `current` (≈17.6+, docs/gitlab.md §1.3) or `legacy` (≈11.7–17.2: 2-segment answer also for authenticated-without-access, go-source tag). */
	goGetMode: 'current' | 'legacy';
	/** "Enabled Git access protocols" = SSH only: go-import names `ssh://…` and Git over HTTP is refused. */
	sshOnly: boolean;
	sshUser: string;
	sshHost: string;
	sshPort: number;
	/** "Allow password authentication for Git over HTTP(S)". */
	passwordAuthForGit: boolean;
	/** The `go_proxy` feature flag (default off, as on GitLab). */
	goProxyEnabled: boolean;
	/** Reported by /metadata; below 15.2 there is no /metadata, below 15.5 no /personal_access_tokens/self. */
	instanceVersion: string;
	impersonationEnabled: boolean;
	/** Delay before every response. */
	addedLatencyMs: number;
	hostile: HostileRule[];
}

export interface InstanceContext {
	host: string;
	/** External URL without trailing slash, e.g. `https://gitlab.test` or `https://gitlab.test/gitlab`. */
	base: string;
	model: GitlabModel;
	repoRoot: string;
	settings: InstanceSettings;
	/** false on a Geo secondary (job tokens do not replicate). */
	acceptJobTokensForGit: boolean;
	isClosed(): boolean;
	/** Registers a cleanup to run on close(); returns a function that unregisters it. */
	onClose(cleanup: () => void): () => void;
}

export function helpUrl(ctx: InstanceContext, page: string): string {
	return `${ctx.base}/help/${page}`;
}
