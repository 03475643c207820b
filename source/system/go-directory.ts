// Where go runs: --dir DIR (the way a person runs go inside DIR), else the tool's own working directory. The
// go-env step and the go env started early (command-line.ts) must agree on it, or the early answer is never taken.
import {resolve} from 'node:path';

export function goDirectory(dir: string | undefined): string {
	return dir === undefined ? process.cwd() : resolve(dir);
}
