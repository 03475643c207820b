// Environment lookup as the OS does it (os.Getenv, getenv): names are exact on Unix and case-insensitive on
// Windows. Pure: the environment is passed in.
import type {Environment, Platform} from '../system/types.js';

/** os.Getenv: exact on Unix, case-insensitive on Windows. undefined when unset. */
export function getEnv(env: Environment, key: string, platform?: Platform): string | undefined {
	const exact = env[key];
	if (exact !== undefined || platform !== 'win32') return exact;
	const upper = key.toUpperCase();
	for (const [name, value] of Object.entries(env)) {
		if (name.toUpperCase() === upper && value !== undefined) return value;
	}
	return undefined;
}
