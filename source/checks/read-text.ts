// Reading a user's file (netrc, go env) for a check: never throws, says plainly why a file is unusable.
import {notRegularCode} from '../system/read-regular-file.js';
import type {FileInfo, System} from '../system/types.js';

export type TextFile =
	| {kind: 'missing'}
	| {kind: 'unreadable'; reason: string; info?: FileInfo}
	| {kind: 'text'; text: string; info: FileInfo; truncated: boolean; hadBom: boolean; binary: boolean};

/** Config files this tool reads are small; a larger one is read only this far. */
export const textFileLimit = 1024 * 1024;

export async function readTextFile(system: System, path: string, limitBytes = textFileLimit): Promise<TextFile> {
	const info = await system.fs.stat(path);
	if (!info) return {kind: 'missing'};
	if (info.isDirectory) return {kind: 'unreadable', reason: 'it is a directory, not a file', info};
	// A FIFO, a device or a socket is never read: it could block forever or never end.
	if (!info.isFile) return {kind: 'unreadable', reason: 'it is not a regular file (a FIFO, a device or a socket)', info};
	try {
		const {bytes, truncated} = await system.fs.readFile(path, limitBytes);
		const hadBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
		// Neither Go nor curl strips a BOM; the text is kept as they see it.
		return {kind: 'text', text: bytes.toString('utf8'), info, truncated, hadBom, binary: bytes.includes(0)};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason =
			code === 'EACCES'
				? 'permission denied'
				: code === 'EISDIR'
					? 'it is a directory, not a file'
					: code === notRegularCode
						? 'it is not a regular file (a FIFO, a device or a socket)'
						: String((error as Error).message);
		return {kind: 'unreadable', reason, info};
	}
}
