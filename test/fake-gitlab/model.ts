// The fake instance's data (projects, users, tokens) and GitLab's authentication and
// permission rules (docs/gitlab.md §1.6, §2, §5.1). Pure logic, no I/O.

export type Visibility = 'private' | 'internal' | 'public';
export type Role = 'guest' | 'planner' | 'reporter' | 'developer' | 'maintainer' | 'owner';
export type TokenKind = 'personal' | 'project' | 'group' | 'impersonation' | 'oauth' | 'deploy' | 'job';
export type Ability = 'read_project' | 'download_code' | 'push_code';

export interface ProjectSpec {
	/** Full path, e.g. `group/sub/project`. */
	path: string;
	visibility?: Visibility;
	/** Direct members: username → role. Group membership is not modelled. */
	members?: Record<string, Role>;
	/** The go.mod `module` line; default `<host>/<path>`. */
	goModule?: string;
	/** Old full paths that redirect here (renamed/transferred project). */
	redirectFrom?: string[];
	/** false: the project exists but has no repository. Default true. */
	hasRepo?: boolean;
	id?: number;
	defaultBranch?: string;
	/** Tags, one commit each, oldest first. Default `['v1.0.0']`. */
	tags?: string[];
	/** Extra files in every commit (path → content). */
	files?: Record<string, string>;
	/** Per-project override of the instance's `goProxyEnabled` (the `go_proxy` feature flag). */
	goProxyEnabled?: boolean;
}

export interface UserSpec {
	username: string;
	/** Account password, usable for Git over HTTP when the instance allows it. */
	password?: string;
	id?: number;
	name?: string;
	email?: string;
	state?: 'active' | 'blocked';
	admin?: boolean;
	external?: boolean;
	/** 2FA users cannot use their password for Git (MissingPersonalAccessTokenError). */
	twoFactor?: boolean;
	bot?: boolean;
}

export interface TokenSpec {
	/** The secret, e.g. `glpat-…`. Never logged. */
	token: string;
	/** Owner (personal/job/oauth/impersonation), bot user (project/group) or the deploy token's own username. */
	username: string;
	scopes?: string[];
	/** `YYYY-MM-DD` or null (no expiry). Expired from that day on (UTC). */
	expiresAt?: string | null;
	revoked?: boolean;
	kind?: TokenKind;
	name?: string;
	id?: number;
	description?: string;
	/** Deploy tokens only: full paths of the projects they belong to (default: every project). */
	projects?: string[];
	createdAt?: string;
	lastUsedAt?: string | null;
}

export interface Project extends Required<Pick<ProjectSpec, 'path' | 'visibility' | 'goModule' | 'hasRepo' | 'defaultBranch' | 'tags'>> {
	id: number;
	members: Record<string, Role>;
	redirectFrom: string[];
	files: Record<string, string>;
	goProxyEnabled: boolean | undefined;
	/** Directory name of the bare repository under the repo root: `<path>.git`. */
	repoRelPath: string;
}

export interface User extends Required<Pick<UserSpec, 'username' | 'name' | 'email' | 'state' | 'admin' | 'external' | 'twoFactor' | 'bot'>> {
	id: number;
	password: string | undefined;
}

export interface Token extends Required<Pick<TokenSpec, 'token' | 'username' | 'scopes' | 'kind' | 'name' | 'description' | 'createdAt'>> {
	id: number;
	expiresAt: string | null;
	revoked: boolean;
	projects: string[] | undefined;
	lastUsedAt: string | null;
}

export type TokenState = 'active' | 'expired' | 'revoked';

export interface Actor {
	type: 'user' | 'deploy-token';
	username: string;
	user?: User;
	token?: Token;
	/** How the actor authenticated. */
	via: TokenKind | 'password';
}

export interface AuthResult {
	actor: Actor;
	abilities: Set<Ability>;
}

/** Raised where GitLab raises Gitlab::Auth::MissingPersonalAccessTokenError. */
export class MissingPersonalAccessTokenError extends Error {
	constructor() {
		super('MissingPersonalAccessTokenError');
	}
}

export const ROLE_LEVEL: Record<Role, number> = {guest: 10, planner: 15, reporter: 20, developer: 30, maintainer: 40, owner: 50};
export const PAT_KINDS: ReadonlySet<TokenKind> = new Set(['personal', 'project', 'group', 'impersonation']);

const FULL: Ability[] = ['read_project', 'download_code', 'push_code'];

export function abilitiesForScopes(scopes: string[]): Set<Ability> {
	const out = new Set<Ability>();
	for (const scope of scopes) {
		if (scope === 'api') FULL.forEach(a => out.add(a));
		else if (scope === 'read_api') ['read_project', 'download_code'].forEach(a => out.add(a as Ability));
		else if (scope === 'read_repository') out.add('download_code');
		else if (scope === 'write_repository') ['download_code', 'push_code'].forEach(a => out.add(a as Ability));
	}
	return out;
}

export function todayUtc(): string {
	return new Date().toISOString().slice(0, 10);
}

export function tokenState(token: Token): TokenState {
	if (token.revoked) return 'revoked';
	if (token.expiresAt !== null && token.expiresAt <= todayUtc()) return 'expired';
	return 'active';
}

/** `glpat-…a1b2`: type prefix and at most the last four characters. */
export function maskSecret(secret: string): string {
	const prefix = /^((?:[A-Za-z]+-)+)/.exec(secret)?.[1] ?? '';
	const tail = secret.length - prefix.length >= 12 ? secret.slice(-4) : '';
	return `${prefix}…${tail}`;
}

export interface ModelOptions {
	host: string;
	projects?: ProjectSpec[];
	users?: UserSpec[];
	tokens?: TokenSpec[];
}

const FIXED_CREATED_AT = '2024-01-01T00:00:00.000Z';

function capitalize(name: string): string {
	return name.charAt(0).toUpperCase() + name.slice(1);
}

export class GitlabModel {
	readonly projects: Project[] = [];
	readonly users = new Map<string, User>();
	readonly tokens: Token[] = [];
	private nextUserId = 2;
	private nextTokenId = 1;

	constructor(private readonly options: ModelOptions) {
		for (const user of options.users ?? []) this.addUser(user);
		let nextProjectId = 1;
		for (const spec of options.projects ?? []) {
			const path = spec.path.replace(/^\/+|\/+$/g, '');
			const id = spec.id ?? nextProjectId;
			nextProjectId = Math.max(nextProjectId, id) + 1;
			this.projects.push({
				id,
				path,
				visibility: spec.visibility ?? 'private',
				goModule: spec.goModule ?? `${options.host}/${path}`,
				hasRepo: spec.hasRepo ?? true,
				defaultBranch: spec.defaultBranch ?? 'main',
				tags: spec.tags ?? ['v1.0.0'],
				members: {...spec.members},
				redirectFrom: (spec.redirectFrom ?? []).map(p => p.replace(/^\/+|\/+$/g, '')),
				files: {...spec.files},
				goProxyEnabled: spec.goProxyEnabled,
				repoRelPath: `${path}.git`,
			});
			for (const username of Object.keys(spec.members ?? {})) this.ensureUser(username);
		}
		for (const token of options.tokens ?? []) this.addToken(token);
	}

	addUser(spec: UserSpec): User {
		const user: User = {
			id: spec.id ?? this.nextUserId++,
			username: spec.username,
			name: spec.name ?? capitalize(spec.username),
			email: spec.email ?? `${spec.username}@example.com`,
			state: spec.state ?? 'active',
			admin: spec.admin ?? false,
			external: spec.external ?? false,
			twoFactor: spec.twoFactor ?? false,
			bot: spec.bot ?? false,
			password: spec.password,
		};
		this.users.set(user.username, user);
		return user;
	}

	ensureUser(username: string, bot = false): User {
		return this.users.get(username) ?? this.addUser({username, bot});
	}

	addToken(spec: TokenSpec): Token {
		const kind = spec.kind ?? 'personal';
		const id = spec.id ?? this.nextTokenId;
		this.nextTokenId = Math.max(this.nextTokenId, id) + 1;
		const token: Token = {
			id,
			token: spec.token,
			username: spec.username,
			scopes: spec.scopes ?? (kind === 'job' ? [] : ['api']),
			kind,
			name: spec.name ?? `${kind}-token-${id}`,
			description: spec.description ?? '',
			createdAt: spec.createdAt ?? FIXED_CREATED_AT,
			expiresAt: spec.expiresAt ?? null,
			revoked: spec.revoked ?? false,
			projects: spec.projects?.map(p => p.replace(/^\/+|\/+$/g, '')),
			lastUsedAt: spec.lastUsedAt ?? null,
		};
		if (kind !== 'deploy') this.ensureUser(spec.username, kind === 'project' || kind === 'group');
		this.tokens.push(token);
		return token;
	}

	findToken(secret: string, kinds?: ReadonlySet<TokenKind>): Token | undefined {
		return this.tokens.find(t => t.token === secret && (!kinds || kinds.has(t.kind)));
	}

	/** Exact full path, then (if asked) the redirect routes of renamed projects. Case-insensitive like GitLab routes. */
	findProjectByPath(path: string, followRedirects = true): Project | undefined {
		const wanted = path.replace(/^\/+|\/+$/g, '').toLowerCase();
		const direct = this.projects.find(p => p.path.toLowerCase() === wanted);
		if (direct || !followRedirects) return direct;
		return this.projects.find(p => p.redirectFrom.some(r => r.toLowerCase() === wanted));
	}

	/** Numeric id or (URL-decoded) full path. */
	findProject(idOrPath: string): Project | undefined {
		if (/^\d+$/.test(idOrPath)) return this.projects.find(p => p.id === Number(idOrPath));
		return this.findProjectByPath(idOrPath);
	}

	roleOf(user: User | undefined, project: Project): Role | undefined {
		return user ? project.members[user.username] : undefined;
	}

	private userActive(user: User | undefined): user is User {
		return user !== undefined && user.state === 'active';
	}

	canReadProject(actor: Actor | undefined, project: Project): boolean {
		if (project.visibility === 'public') return true;
		if (!actor) return false;
		if (actor.type === 'deploy-token') return false;
		const user = actor.user;
		if (!this.userActive(user)) return false;
		if (user.admin) return true;
		if (project.visibility === 'internal' && !user.external) return true;
		return this.roleOf(user, project) !== undefined;
	}

	canDownloadCode(actor: Actor | undefined, project: Project): boolean {
		if (actor?.type === 'deploy-token') {
			const scoped = actor.token?.projects;
			return scoped === undefined || scoped.some(p => p.toLowerCase() === project.path.toLowerCase());
		}
		if (!this.canReadProject(actor, project)) return false;
		if (project.visibility !== 'private') return true;
		const user = actor?.user;
		if (user?.admin) return true;
		const role = this.roleOf(user, project);
		return role !== undefined && ROLE_LEVEL[role] >= ROLE_LEVEL.reporter;
	}

	canReadPackage(actor: Actor | undefined, project: Project): boolean {
		return this.canDownloadCode(actor?.type === 'deploy-token' ? undefined : actor, project);
	}

	/**
	 * Gitlab::Auth.find_for_git_client: the order of checks of auth.rb. Returns undefined when nothing
	 * matched; throws MissingPersonalAccessTokenError where GitLab does (failed auth with password
	 * authentication for Git disabled, or a 2FA user's password).
	 */
	findForGitClient(login: string, password: string, settings: {passwordAuthForGit: boolean; acceptJobTokens: boolean}): AuthResult | undefined {
		const result = this.tryGitClient(login, password, settings);
		if (result || settings.passwordAuthForGit) return result;
		throw new MissingPersonalAccessTokenError();
	}

	private tryGitClient(login: string, password: string, settings: {passwordAuthForGit: boolean; acceptJobTokens: boolean}): AuthResult | undefined {
		// 2. CI job token, username gitlab-ci-token
		if (login === 'gitlab-ci-token' && settings.acceptJobTokens) {
			const job = this.findToken(password, new Set(['job']));
			const user = job ? this.users.get(job.username) : undefined;
			if (job && tokenState(job) === 'active' && this.userActive(user)) {
				return {actor: {type: 'user', username: user.username, user, token: job, via: 'job'}, abilities: new Set(['read_project', 'download_code'])};
			}
		}
		// 4. OAuth access token (any username) and 5. personal/project/group/impersonation tokens (username not checked)
		const token = this.findToken(password, new Set(['oauth', ...PAT_KINDS]));
		if (token && tokenState(token) === 'active') {
			const user = this.users.get(token.username);
			if (this.userActive(user)) {
				return {actor: {type: 'user', username: user.username, user, token, via: token.kind}, abilities: abilitiesForScopes(token.scopes)};
			}
		}
		// 6. deploy token: the username must be the token's
		const deploy = this.findToken(password, new Set(['deploy']));
		if (deploy && deploy.username === login && tokenState(deploy) === 'active') {
			return {actor: {type: 'deploy-token', username: deploy.username, token: deploy, via: 'deploy'}, abilities: abilitiesForScopes(deploy.scopes)};
		}
		// 7. account password, only when enabled for Git
		const user = this.users.get(login);
		if (user?.password !== undefined && user.password === password && settings.passwordAuthForGit) {
			if (user.twoFactor) throw new MissingPersonalAccessTokenError();
			if (this.userActive(user)) return {actor: {type: 'user', username: user.username, user, via: 'password'}, abilities: new Set(FULL)};
		}
		return undefined;
	}
}
