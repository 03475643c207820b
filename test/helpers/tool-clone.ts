// A clone of this checkout as it stands (committed files plus the working tree's changes), committed in a temp
// directory: what `npm install -g .`, `npm pack` and the pre-commit framework get from a fresh clone.
// npm runs offline from the machine's cache (filled by the `npm ci` that precedes `npm test`): no network.
import {execFileSync} from 'node:child_process';
import {cpSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const checkoutRoot = fileURLToPath(new URL('../..', import.meta.url));

export const gitIdentity = {GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com'};

/** npm's environment for a test: offline, quiet, installing globally only under `prefix`. */
export function npmEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
	const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR'] as const;
	const base = Object.fromEntries(keep.flatMap(key => (process.env[key] === undefined ? [] : [[key, process.env[key]!]])));
	return {...base, ...gitIdentity, npm_config_prefix: prefix, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra};
}

export function cloneCheckout(): {dir: string; root: string; cleanup: () => void} {
	const dir = mkdtempSync(join(tmpdir(), 'ggc-clone-'));
	const root = join(dir, 'tool');
	const git = (args: string[], cwd: string) => execFileSync('git', args, {cwd, env: {...process.env, ...gitIdentity}, stdio: ['ignore', 'pipe', 'pipe']}).toString();
	git(['clone', '--quiet', '--no-hardlinks', checkoutRoot, root], dir);
	const changed = git(['ls-files', '--cached', '--others', '--exclude-standard', '-z'], checkoutRoot).split('\0').filter(Boolean);
	rmSync(join(root, 'source'), {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
	for (const file of changed) {
		mkdirSync(dirname(join(root, file)), {recursive: true});
		try {
			cpSync(join(checkoutRoot, file), join(root, file));
		} catch {
			// deleted in the working tree
		}
	}
	git(['add', '-A'], root);
	git(['commit', '--quiet', '--allow-empty', '-m', 'checkout state'], root);
	return {dir, root, cleanup: () => rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100})};
}
