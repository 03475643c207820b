// The tool's name and version. The build writes them in (scripts/build.mjs); run from source
// (tests, tsx) they are read from package.json, the single source of both.
import {readFileSync} from 'node:fs';

declare const __TOOL_MANIFEST__: {name: string; version: string} | undefined;

const manifest: {name: string; version: string} =
	typeof __TOOL_MANIFEST__ === 'undefined'
		? (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {name: string; version: string})
		: __TOOL_MANIFEST__;

export const toolName: string = manifest.name;
export const toolVersion: string = manifest.version;
