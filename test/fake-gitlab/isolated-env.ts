// A throwaway HOME/GOPATH/git config for running the real go and git: nothing from the real
// environment except PATH, everything else written from the options.
import {chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestPki} from './pki.js';

export interface InsteadOfRule {
	/** The `<base>` of `url.<base>.insteadOf`. */
	base: string;
	insteadOf: string;
}

export interface IsolatedEnvOptions {
	/** Supplies the CA files (SSL_CERT_FILE for Go, http.sslCAInfo for git). */
	pki?: TestPki;
	/** HTTPS_PROXY (and https_proxy) value, e.g. connectProxy.url. */
	proxy?: string | {url: string};
	/** Also set lower-case https_proxy (default true). */
	lowercaseProxy?: boolean;
	/** Lines of the go env file ($GOENV), e.g. {GOPRIVATE: 'gitlab.test'}. */
	goEnv?: Record<string, string>;
	/** Extra process environment; `undefined` removes a variable set by default. */
	env?: Record<string, string | undefined>;
	/** .netrc content (file mode 600). */
	netrc?: string;
	/** `home` (default): $HOME/.netrc. `env`: another file, named by NETRC (curl 7.88 ignores it; Go reads it). */
	netrcLocation?: 'home' | 'env';
	insteadOf?: InsteadOfRule[];
	/** Raw text appended to the global git config. */
	gitConfig?: string;
	/** false: http.sslCAInfo names pki.otherCa instead of pki.ca, so git fails TLS while Go succeeds. Default true. */
	gitTrustsCa?: boolean;
	/** false: SSL_CERT_FILE names pki.otherCa, so Go fails TLS. Default true. */
	goTrustsCa?: boolean;
	/** Explicit CA files, overriding the two switches above. */
	gitCaFile?: string;
	goCaFile?: string;
	/** Parent directory for the throwaway directory (default os.tmpdir()). */
	parentDir?: string;
}

export interface IsolatedEnv {
	env: Record<string, string>;
	/** The throwaway directory holding everything below. */
	dir: string;
	home: string;
	gopath: string;
	gomodcache: string;
	goEnvFile: string;
	gitConfigFile: string;
	netrcFile?: string;
	cleanup(): void;
}

function gitQuote(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Makes everything writable (the module cache is read-only) and removes it. */
export function forceRemove(path: string): void {
	const walk = (p: string) => {
		let stat;
		try {
			stat = lstatSync(p);
		} catch {
			return;
		}
		if (!stat.isDirectory()) return;
		try {
			chmodSync(p, 0o755);
		} catch {
			// ignore
		}
		for (const name of readdirSync(p)) walk(join(p, name));
	};
	walk(path);
	rmSync(path, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
}

export function makeIsolatedEnv(options: IsolatedEnvOptions = {}): IsolatedEnv {
	const dir = mkdtempSync(join(options.parentDir ?? tmpdir(), 'fake-gitlab-env-'));
	const home = join(dir, 'home');
	const gopath = join(dir, 'gopath');
	const gomodcache = join(gopath, 'pkg', 'mod');
	const xdg = join(dir, 'config');
	const certDir = join(dir, 'no-cert-dir');
	for (const d of [home, gopath, xdg, certDir, join(dir, 'tmp')]) mkdirSync(d, {recursive: true});

	const goEnvFile = join(dir, 'go.env');
	writeFileSync(goEnvFile, Object.entries(options.goEnv ?? {}).map(([k, v]) => `${k}=${v}\n`).join(''));

	const pki = options.pki;
	const gitCa = options.gitCaFile ?? (pki ? (options.gitTrustsCa === false ? pki.otherCa.cert : pki.ca.cert) : undefined);
	const goCa = options.goCaFile ?? (pki ? (options.goTrustsCa === false ? pki.otherCa.cert : pki.ca.cert) : undefined);

	const gitConfigFile = join(dir, 'gitconfig');
	let gitConfig = '[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n';
	if (gitCa) gitConfig += `[http]\n\tsslCAInfo = ${gitQuote(gitCa)}\n`;
	for (const rule of options.insteadOf ?? []) gitConfig += `[url ${gitQuote(rule.base)}]\n\tinsteadOf = ${gitQuote(rule.insteadOf)}\n`;
	if (options.gitConfig) gitConfig += options.gitConfig.endsWith('\n') ? options.gitConfig : `${options.gitConfig}\n`;
	writeFileSync(gitConfigFile, gitConfig);

	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
		LANG: 'C',
		HOME: home,
		TMPDIR: join(dir, 'tmp'),
		XDG_CONFIG_HOME: xdg,
		GOPATH: gopath,
		GOMODCACHE: gomodcache,
		GOCACHE: join(dir, 'gocache'),
		GOENV: goEnvFile,
		GOFLAGS: '-mod=mod',
		GOTOOLCHAIN: 'local',
		GIT_CONFIG_GLOBAL: gitConfigFile,
		GIT_CONFIG_NOSYSTEM: '1',
		NO_PROXY: '',
		no_proxy: '',
		SSL_CERT_DIR: certDir,
	};
	if (goCa) env.SSL_CERT_FILE = goCa;
	const proxy = typeof options.proxy === 'string' ? options.proxy : options.proxy?.url;
	if (proxy) {
		env.HTTPS_PROXY = proxy;
		if (options.lowercaseProxy !== false) env.https_proxy = proxy;
	}

	let netrcFile: string | undefined;
	if (options.netrc !== undefined) {
		netrcFile = options.netrcLocation === 'env' ? join(dir, 'netrc-elsewhere') : join(home, '.netrc');
		writeFileSync(netrcFile, options.netrc, {mode: 0o600});
		chmodSync(netrcFile, 0o600);
		if (options.netrcLocation === 'env') env.NETRC = netrcFile;
	}
	for (const [key, value] of Object.entries(options.env ?? {})) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return {env, dir, home, gopath, gomodcache, goEnvFile, gitConfigFile, netrcFile, cleanup: () => forceRemove(dir)};
}
