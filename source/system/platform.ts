// The platform the tool runs on, as the rules name it (they model Linux, macOS and Windows).
import type {Platform} from './types.js';

export function currentPlatform(): Platform {
	const platform = process.platform;
	return platform === 'linux' || platform === 'darwin' || platform === 'win32' ? platform : 'other';
}
