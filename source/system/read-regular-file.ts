// Reading a file the tool did not write (.netrc, the go env file, go.mod, a CA bundle, a trace): only a regular
// file, and only so far. Opened non-blocking, so a FIFO with no writer cannot stop the process at open; its type
// checked on the open descriptor (fstat), so nothing can swap it in between; read up to a limit, so /dev/zero
// or a huge file costs at most that.
import {constants} from 'node:fs';
import {closeAsync, fstatAsync, openAsync, readAsync} from './fs-async.js';

/** The error code for a path that is a FIFO, a device, a socket or a directory. */
export const notRegularCode = 'ENOTREG';

export class NotRegularFileError extends Error {
	readonly code = notRegularCode;
	constructor(path: string, readonly kind: string) {
		super(`${path} is ${kind}, not a regular file`);
	}
}

type Stats = {isFile(): boolean; isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean};

export function fileKind(info: Stats): string {
	if (info.isFile()) return 'a regular file';
	if (info.isDirectory()) return 'a directory';
	if (info.isFIFO()) return 'a FIFO (named pipe)';
	if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
	if (info.isSocket()) return 'a socket';
	return 'not a regular file';
}

// Windows has neither flag; there a FIFO cannot be made at a path anyway.
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** At most `limitBytes` of the regular file at `path`; `truncated` says whether there was more. Throws
 * NotRegularFileError (code ENOTREG) for anything else, and the system's error (ENOENT, EACCES) as it is. */
export async function readRegularFile(path: string, limitBytes: number): Promise<{bytes: Buffer; truncated: boolean}> {
	const fd = await openAsync(path, openFlags);
	try {
		const info = await fstatAsync(fd);
		if (!info.isFile()) throw new NotRegularFileError(path, fileKind(info));
		// Sized by the limit, not by st_size: files in /proc say 0 and still have content.
		const buffer = Buffer.alloc(limitBytes + 1);
		let filled = 0;
		while (filled < buffer.length) {
			const {bytesRead} = await readAsync(fd, buffer, filled, buffer.length - filled, filled);
			if (bytesRead === 0) break;
			filled += bytesRead;
		}
		return {bytes: buffer.subarray(0, Math.min(filled, limitBytes)), truncated: filled > limitBytes};
	} finally {
		await closeAsync(fd);
	}
}
