// How a failed file operation reads in a message. Commands are built in fixes/command.ts.

export function errorText(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	if (code === 'ENOENT') return 'no such file or directory';
	if (code === 'EROFS') return 'read-only file system';
	if (code === 'ENOSPC') return 'no space left on the device';
	if (code === 'EISDIR') return 'it is a directory';
	return error instanceof Error ? error.message : String(error);
}
