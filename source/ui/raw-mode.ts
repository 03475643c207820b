// Whether keys can reach the TUI one at a time. Without raw mode (an odd terminal, some Windows
// consoles, stdin redirected from a TTY-like device) Ink would throw "Raw mode is not supported";
// the plain renderer runs instead.
export type RawModeStdin = {isTTY?: boolean; setRawMode?: (mode: boolean) => unknown};

export function rawModeAvailable(stdin: RawModeStdin): boolean {
	if (stdin.isTTY !== true || typeof stdin.setRawMode !== 'function') return false;
	try {
		stdin.setRawMode(true);
		stdin.setRawMode(false);
		return true;
	} catch {
		return false;
	}
}
