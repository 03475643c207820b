// Writing the user's files (fixes, the support report): the only place the tool changes a file. Every write is
// atomic (a temporary file in the same directory, flushed to disk, then renamed over the target), so a crash or a
// full disk leaves either the old file or the new one, never half of each. A symbolic link stays a link: the file
// it points to is rewritten, not the link replaced.
import {randomBytes} from 'node:crypto';
import {chmod, copyFile, constants, lstat, open, realpath, rename, rm, stat} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';

export type FileWriter = {
	/**
	 * Replaces (or creates) `path` with `bytes`, atomically, and gives the file permission bits `mode`. Returns the
	 * path really written: the target of `path` when `path` is a symbolic link.
	 */
	writeFileAtomic(path: string, bytes: Uint8Array, mode: number): Promise<{path: string}>;
	/** Copies `from` to `to` with permission bits `mode`; fails with code EEXIST when `to` exists (never overwrites). */
	copyFile(from: string, to: string, mode: number): Promise<void>;
	chmod(path: string, mode: number): Promise<void>;
};

/** The file a write to `path` lands in: `path` itself, or the file a symbolic link at `path` points to. */
async function writeTarget(path: string): Promise<string> {
	try {
		const info = await lstat(path);
		return info.isSymbolicLink() ? await realpath(path) : path;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
		throw error;
	}
}

export const nodeFileWriter: FileWriter = {
	async writeFileAtomic(path, bytes, mode) {
		const target = await writeTarget(path);
		const directory = dirname(target);
		const existing = await stat(target).catch(() => undefined);
		const temporary = join(directory, `.${basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
		// Created readable by the owner only, so the content is never visible to others, even for a moment.
		const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
		try {
			try {
				await handle.writeFile(bytes);
				await handle.chmod(mode & 0o7777);
				// Keep the owner when root edits someone else's file (best effort: an ordinary user cannot chown).
				if (existing && typeof process.getuid === 'function' && process.getuid() === 0) {
					await handle.chown(existing.uid, existing.gid).catch(() => {});
				}
				await handle.sync();
			} finally {
				await handle.close();
			}
			await rename(temporary, target);
		} catch (error) {
			await rm(temporary, {force: true});
			throw error;
		}
		// Make the rename itself durable (not possible on every platform; the data is already safe).
		try {
			const directoryHandle = await open(directory, 'r');
			try {
				await directoryHandle.sync();
			} finally {
				await directoryHandle.close();
			}
		} catch {
			// Windows cannot open a directory for fsync.
		}
		return {path: target};
	},
	async copyFile(from, to, mode) {
		await copyFile(from, to, constants.COPYFILE_EXCL);
		await chmod(to, mode & 0o7777);
	},
	async chmod(path, mode) {
		await chmod(path, mode & 0o7777);
	},
};
