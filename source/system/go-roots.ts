// The CA roots Go's crypto/x509 trusts, so that a TLS verdict here is the verdict Go reaches
// (docs/go.md §8; Go's root_linux.go and root_unix.go).
import {lstatAsync, readdirAsync, readlinkAsync, statAsync} from './fs-async.js';
import type {Environment, FileSystem, Platform} from './types.js';

export const goCertFiles = [
	'/etc/ssl/certs/ca-certificates.crt',
	'/etc/pki/tls/certs/ca-bundle.crt',
	'/etc/ssl/ca-bundle.pem',
	'/etc/pki/tls/cacert.pem',
	'/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
	'/etc/ssl/cert.pem',
];

export const goCertDirectories = ['/etc/ssl/certs', '/etc/pki/tls/certs'];

/** `ca` undefined means Node's default store (only where Go uses the platform verifier). */
export type GoRoots = {ca?: string[]; sources: string[]};

// A CA bundle is a few hundred KiB; this bound only guards against reading a wrong, huge file.
const bundleLimit = 32 * 1024 * 1024;

/** Linux's lists serve the other Unix systems too (the BSDs have their own file lists in Go; close enough here). */
export async function loadGoRoots(options: {env: Environment; platform: Platform; fs: FileSystem}): Promise<GoRoots> {
	if (options.platform === 'darwin' || options.platform === 'win32') return platformRoots(options.platform, await import('node:tls'));
	return unixRoots(options.env, options.fs);
}

// Go up to 1.26 ignores SSL_CERT_FILE/SSL_CERT_DIR on macOS and Windows and asks the platform verifier.
// node:tls is loaded only here: loading it costs every run (offline ones too) start-up time.
function platformRoots(platform: 'darwin' | 'win32', tls: typeof import('node:tls')): GoRoots {
	const store = platform === 'darwin' ? 'the macOS keychain' : 'the Windows certificate store';
	// tls.getCACertificates('system') exists only in newer Node (22.15, 23.5 and later).
	const getter = (tls as unknown as {getCACertificates?: (type: string) => string[]}).getCACertificates;
	try {
		const ca = getter?.('system');
		if (ca) return {ca, sources: [`${store} (${ca.length} certificates, as Go's platform verifier reads it)`]};
	} catch {
		// Fall back to the default store below.
	}
	return {
		sources: [`Node's bundled Mozilla roots: this Node cannot read ${store}, which Go uses; a CA trusted only there may be reported as unknown here`],
	};
}

async function unixRoots(env: Environment, fs: FileSystem): Promise<GoRoots> {
	const certificates = new Set<string>();
	const sources: string[] = [];
	const certFile = env['SSL_CERT_FILE'];
	const files = certFile ? [certFile] : goCertFiles;
	const label = certFile ? 'SSL_CERT_FILE ' : '';
	let bundleFound = false;
	for (const file of files) {
		const text = await readText(fs, file);
		if (text === undefined) continue;
		const found = pemCertificates(text);
		found.forEach(pem => certificates.add(pem));
		sources.push(`${label}${file} (${count(found.length, 'certificate')})`);
		bundleFound = true;
		break;
	}
	if (!bundleFound) sources.push(certFile ? `SSL_CERT_FILE ${certFile} (${await whyUnread(fs, certFile)})` : `no CA bundle (none of ${goCertFiles.join(', ')})`);

	const certDir = env['SSL_CERT_DIR'];
	// OpenSSL, BoringSSL and Go all split SSL_CERT_DIR on ':'.
	const directories = certDir ? certDir.split(':') : goCertDirectories;
	for (const directory of directories) {
		const names = await uniqueDirectoryEntries(directory);
		if (names === undefined) {
			if (certDir) sources.push(`SSL_CERT_DIR ${directory} (${await whyUnread(fs, directory)})`);
			continue;
		}
		let added = 0;
		const texts = await Promise.all(names.map(name => readText(fs, `${directory}/${name}`)));
		for (const text of texts) {
			if (text === undefined) continue;
			for (const pem of pemCertificates(text)) {
				if (!certificates.has(pem)) added++;
				certificates.add(pem);
			}
		}
		sources.push(`${certDir ? 'SSL_CERT_DIR ' : ''}${directory} (${count(names.length, 'file')}, ${count(added, 'more certificate')})`);
	}
	return {ca: [...certificates], sources};
}

async function whyUnread(fs: FileSystem, path: string): Promise<string> {
	return (await fs.stat(path)) === undefined ? 'does not exist' : 'cannot be read';
}

async function readText(fs: FileSystem, path: string): Promise<string | undefined> {
	try {
		// Sized to the file: a directory holds hundreds of small files.
		const info = await fs.stat(path);
		if (!info?.isFile) return undefined;
		return (await fs.readFile(path, Math.min(info.size, bundleLimit))).bytes.toString('latin1');
	} catch {
		return undefined;
	}
}

/** Go's readUniqueDirectoryEntries: every entry except symlinks whose target has no '/' (same directory). */
async function uniqueDirectoryEntries(directory: string): Promise<string[] | undefined> {
	let names: string[];
	try {
		if (!(await statAsync(directory)).isDirectory()) return undefined;
		names = await readdirAsync(directory);
	} catch {
		return undefined;
	}
	const kept = await Promise.all(
		names.sort().map(async name => {
			const path = `${directory}/${name}`;
			try {
				if ((await lstatAsync(path)).isSymbolicLink() && !(await readlinkAsync(path)).includes('/')) return undefined;
				return name;
			} catch {
				return undefined; // Gone while we looked: Go skips it too.
			}
		}),
	);
	return kept.filter((name): name is string => name !== undefined);
}

/**
 * Go's AppendCertsFromPEM: blocks of type CERTIFICATE without headers; others are skipped. Normalized so that
 * the same certificate read from the bundle and from a directory counts once. (A block that is not really a
 * certificate is ignored by OpenSSL as by Go; parsing each one here would cost ~0.5 ms a certificate.)
 */
export function pemCertificates(text: string): string[] {
	const found: string[] = [];
	const block = /-----BEGIN CERTIFICATE-----\r?\n([\s\S]*?)-----END CERTIFICATE-----/g;
	for (const match of text.matchAll(block)) {
		const body = match[1] ?? '';
		if (body.includes(':')) continue;
		const base64 = body.replace(/\s+/g, '');
		// Every DER certificate starts with a SEQUENCE tag, 0x30, which is "M" in base64.
		if (!/^M[A-Za-z0-9+/]+=*$/.test(base64)) continue;
		found.push(`-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`);
	}
	return found;
}

function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
