// Backups before an edit: `FILE.bak-<UTC timestamp>` beside the file, readable by the owner only (the files
// we edit hold credentials), never overwriting an earlier backup.
import type {Backups, ResolvedFixContext} from './types.js';

/** 20260125-103000 (UTC): sorts by time, and has no characters a shell or Windows path would mind. */
export function backupStamp(date: Date): string {
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}-${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

/**
 * Copies `path` to a fresh `path.bak-<timestamp>` (adding `-1`, `-2` … when that exists) and returns the backup's
 * path; undefined when there is no file to back up. A file already backed up during this fix is not copied again.
 */
export async function backUp(context: ResolvedFixContext, path: string, backups: Backups): Promise<string | undefined> {
	const earlier = backups.get(path);
	if (earlier) return earlier;
	const info = await context.system.fs.stat(path);
	if (!info) return undefined;
	const base = `${path}.bak-${backupStamp(context.now())}`;
	for (let attempt = 0; attempt < 100; attempt++) {
		const candidate = attempt === 0 ? base : `${base}-${attempt}`;
		try {
			await context.writer.copyFile(path, candidate, 0o600);
			backups.set(path, candidate);
			return candidate;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
	throw new Error(`cannot find a free backup name next to ${path}`);
}
