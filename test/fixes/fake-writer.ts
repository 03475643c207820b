// An in-memory FileWriter over the same file table a fakeSystem reads, so a fix's writes are visible to the
// fix's own reads. It records every call.
import type {FakeFile} from '../helpers/fake-system.js';
import type {FileWriter} from '../../source/system/file-writer.js';

export type FakeWriter = FileWriter & {calls: string[]};

export function fakeWriter(files: Record<string, FakeFile>, options: {failWrites?: string} = {}): FakeWriter {
	const calls: string[] = [];
	const contentOf = (path: string): Buffer => {
		const file = files[path];
		if (file === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), {code: 'ENOENT'});
		if (typeof file === 'object' && ('directory' in file || 'unreadable' in file)) throw Object.assign(new Error(`EACCES: ${path}`), {code: 'EACCES'});
		const content = typeof file === 'object' && 'text' in file ? file.text : file;
		return Buffer.isBuffer(content) ? content : Buffer.from(content);
	};
	return {
		calls,
		async writeFileAtomic(path, bytes, mode) {
			calls.push(`write ${path} ${mode.toString(8)}`);
			if (options.failWrites) throw Object.assign(new Error(`${options.failWrites}: ${path}`), {code: options.failWrites});
			files[path] = {text: Buffer.from(bytes), mode};
			return {path};
		},
		async copyFile(from, to, mode) {
			calls.push(`copy ${from} ${to} ${mode.toString(8)}`);
			if (files[to] !== undefined) throw Object.assign(new Error(`EEXIST: ${to}`), {code: 'EEXIST'});
			files[to] = {text: contentOf(from), mode};
		},
		async chmod(path, mode) {
			calls.push(`chmod ${path} ${mode.toString(8)}`);
			files[path] = {text: contentOf(path), mode};
		},
	};
}
