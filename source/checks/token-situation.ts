// What the token step knows while it asks GitLab about a credential: the host, the credential, the project
// candidates, and the scopes each use needs (docs/gitlab.md §2).
import type {NetrcCredential} from '../engine/check-data.js';
import {type CheckContext, type ModuleTarget} from '../engine/types.js';

/** Scopes that give the read_project ability GitLab's go-get middleware asks for (docs/gitlab.md §1.6). */
export const discoveryScopes = ['api', 'read_api'];
/** Scopes that let git clone over HTTPS (docs/gitlab.md §5.1). */
export const gitScopes = ['api', 'read_api', 'read_repository', 'write_repository'];
/** Scopes /api/v4/user accepts (docs/gitlab.md §2.4). */
export const userScopes = ['api', 'read_api', 'read_user'];
export const warnWithinDays = 7;
export const dayMs = 24 * 60 * 60 * 1000;

export type Situation = {
	context: CheckContext;
	signal: AbortSignal;
	host: string;
	/** Where GitLab's API lives: the host, or host/ROOT for a GitLab under a relative URL root. */
	apiHost: string;
	credential: NetrcCredential;
	modulePath: ModuleTarget;
	/** Project paths to ask about, longest first. */
	projects: string[];
	/** True when Go skips discovery (VCS qualifier): then git's read_repository is enough. */
	qualified: boolean;
	today: Date;
	evidence: Record<string, unknown>;
	notes: string[];
};
