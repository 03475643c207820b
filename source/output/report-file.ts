// `--report FILE`: where the Markdown report goes. It is about credentials, so it is written atomically and
// readable by its owner only (mode 600), whatever the file was before.
import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import {fileKind} from '../system/read-regular-file.js';
import {nodeFileWriter, type FileWriter} from '../system/file-writer.js';

function reason(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	if (code === 'ENOENT') return 'the directory does not exist';
	if (code === 'ENOTDIR') return 'a part of the path is not a directory';
	if (code === 'EROFS') return 'read-only file system';
	if (code === 'ENOSPC') return 'no space left on the device';
	if (code === 'EISDIR') return 'it is a directory';
	return error instanceof Error ? error.message : String(error);
}

/** What is at `absolute` already, when that is not something the report may replace. */
async function existingTargetProblem(absolute: string): Promise<string | undefined> {
	const existing = await stat(absolute).catch(() => undefined);
	if (existing?.isDirectory()) return 'it is a directory';
	// /dev/stdout, a device or a FIFO would be replaced by a regular file (or block): only a new or a regular file.
	if (existing && !existing.isFile()) return `it is ${fileKind(existing)}; the report goes only to a new file or a regular one`;
	return undefined;
}

/** Why the report cannot go to `path`, found before the run so a long run is not wasted; undefined when it can. */
export async function reportTargetProblem(path: string): Promise<string | undefined> {
	const absolute = resolve(path);
	const existing = await existingTargetProblem(absolute);
	if (existing) return existing;
	try {
		const directory = await stat(dirname(absolute));
		if (!directory.isDirectory()) return 'a part of the path is not a directory';
		await access(dirname(absolute), constants.W_OK);
	} catch (error) {
		return reason(error);
	}
	return undefined;
}

/** Writes the report atomically with mode 600; returns the absolute path, or why it could not. */
export async function writeReportFile(path: string, text: string, writer: FileWriter = nodeFileWriter): Promise<{path: string} | {problem: string}> {
	const absolute = resolve(path);
	// Checked again at the moment of writing: the path may have changed during the run.
	const problem = await existingTargetProblem(absolute);
	if (problem) return {problem};
	try {
		await writer.writeFileAtomic(absolute, Buffer.from(text, 'utf8'), 0o600);
		return {path: absolute};
	} catch (error) {
		return {problem: reason(error)};
	}
}
