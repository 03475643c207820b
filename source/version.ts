// The tool's name and version, read once from package.json (the single source of the version).
import {readFileSync} from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {name: string; version: string};

export const toolName: string = manifest.name;
export const toolVersion: string = manifest.version;
