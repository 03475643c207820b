// Copying through the terminal: OSC 52 asks the terminal (not this machine) to set its clipboard,
// so it works over SSH and in tmux (set-clipboard on/external). Nothing tells us whether the
// terminal obeyed, so the TUI also prints what it copied.

/** The OSC 52 sequence that puts `text` on the clipboard ("c"), terminated by BEL. */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/** Whether an OSC 52 request can reach a terminal at all: not on a dumb terminal, not without a TTY. */
export function osc52Possible(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
	return isTTY && env['TERM'] !== 'dumb';
}
