// Commands as a person would type them into a POSIX shell (for previews and messages only: the fixes themselves
// run programs with an argument list, never through a shell).

export function shellQuote(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(command: string, args: readonly string[]): string {
	return [command, ...args].map(shellQuote).join(' ');
}

export function errorText(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	if (code === 'ENOENT') return 'no such file or directory';
	if (code === 'EROFS') return 'read-only file system';
	if (code === 'ENOSPC') return 'no space left on the device';
	if (code === 'EISDIR') return 'it is a directory';
	return error instanceof Error ? error.message : String(error);
}
