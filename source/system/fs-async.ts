// Node's callback file API as promises. node:fs/promises does the same, but loading it loads ten more of Node's own
// modules (readline, file watchers, directory streams): about a millisecond of every run's start-up.
import {close, fstat, lstat, mkdtemp, open, read, readdir, readlink, rm, stat} from 'node:fs';
import {promisify} from 'node:util';

export const closeAsync = promisify(close);
export const fstatAsync = promisify(fstat);
export const lstatAsync = promisify(lstat);
export const mkdtempAsync = promisify(mkdtemp);
export const openAsync = promisify(open);
export const readAsync = promisify(read);
export const readdirAsync = promisify(readdir);
export const readlinkAsync = promisify(readlink);
export const rmAsync = promisify(rm);
export const statAsync = promisify(stat);
