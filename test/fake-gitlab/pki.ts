// Test PKI made with the openssl CLI: the run's CA, an unrelated second CA, and leaf
// certificates (valid, expired, wrong name, signed by the other CA, self-signed). EC P-256
// keys keep every step to one ~15 ms openssl process.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {isIP} from 'node:net';
import {runCommand} from './proc.js';

export interface CertPair {
	/** Path of the PEM certificate. */
	cert: string;
	/** Path of the PEM private key. */
	key: string;
	certPem: string;
	keyPem: string;
}

export interface TestPki {
	dir: string;
	/** The CA made for this run; Go and git trust it in a default isolated env. */
	ca: CertPair;
	/** A second, unrelated CA (for "git trusts a different CA than Go" / unknown-authority scenarios). */
	otherCa: CertPair;
	/** Leaf with SANs for `hosts`, signed by `ca`. Cached per host list. */
	leaf(hosts: string | string[]): Promise<CertPair>;
	/** Leaf for `hosts` signed by `otherCa`. */
	otherCaLeaf(hosts: string | string[]): Promise<CertPair>;
	/** Leaf for `hosts` signed by `ca`, valid 2020-01-01 to 2020-01-02 only. */
	expiredLeaf(hosts: string | string[]): Promise<CertPair>;
	/** Leaf signed by `ca` whose only name is `wrong-name.test` (for a mismatch against any other host). */
	wrongNameLeaf(): Promise<CertPair>;
	/** Self-signed certificate for `hosts` (signed by no CA). */
	selfSignedLeaf(hosts: string | string[]): Promise<CertPair>;
}

const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ca]
default_ca = ca_default
[ca_default]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
[policy_any]
commonName = supplied
`;

function leafExtensions(hosts: string[]): string {
	const san = hosts.map(host => (isIP(host) ? `IP:${host}` : `DNS:${host}`)).join(',');
	return `${OPENSSL_CONFIG}[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = ${san}
`;
}

async function openssl(args: string[], cwd: string): Promise<void> {
	const result = await runCommand('openssl', args, {cwd, timeoutMs: 20_000});
	if (!result.ok) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
}

function pair(dir: string, name: string): CertPair {
	const cert = join(dir, `${name}.pem`);
	const key = join(dir, `${name}.key`);
	return {cert, key, certPem: readFileSync(cert, 'utf8'), keyPem: readFileSync(key, 'utf8')};
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

async function makeCa(dir: string, name: string, cn: string): Promise<CertPair> {
	await openssl(
		['req', '-x509', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-config', 'openssl.cnf', '-extensions', 'v3_ca', '-subj', `/CN=${cn}`],
		dir,
	);
	return pair(dir, name);
}

function slug(hosts: string[]): string {
	return hosts.join('+').replace(/[^a-zA-Z0-9.+-]/g, '_');
}

/** Generates a fresh PKI in `dir` (created if missing). */
export async function generateTestPki(dir: string): Promise<TestPki> {
	mkdirSync(dir, {recursive: true});
	writeFileSync(join(dir, 'openssl.cnf'), OPENSSL_CONFIG);
	const [ca, otherCa] = await Promise.all([
		makeCa(dir, 'ca', 'gitlab-go-check test CA'),
		makeCa(dir, 'other-ca', 'Unrelated test CA'),
	]);
	const cache = new Map<string, Promise<CertPair>>();
	let counter = 0;

	function cached(kind: string, hosts: string[], make: (name: string, extFile: string) => Promise<void>): Promise<CertPair> {
		const name = `${kind}-${slug(hosts)}`;
		let promise = cache.get(name);
		if (!promise) {
			const extFile = `${name}.ext.cnf`;
			writeFileSync(join(dir, extFile), leafExtensions(hosts));
			promise = make(name, extFile).then(() => pair(dir, name));
			cache.set(name, promise);
			promise.catch(() => cache.delete(name));
		}
		return promise;
	}
	const list = (hosts: string | string[]): string[] => (Array.isArray(hosts) ? hosts : [hosts]);

	function signedBy(issuer: 'ca' | 'other-ca', kind: string) {
		return (hosts: string | string[]) =>
			cached(kind, list(hosts), (name, extFile) =>
				openssl(
					['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-config', extFile, '-extensions', 'leaf',
						'-subj', `/CN=${list(hosts)[0]}`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`],
					dir,
				),
			);
	}

	// openssl 3.0's req has no start/end dates; `openssl ca` has, and needs a tiny database.
	async function expired(name: string, extFile: string, cn: string): Promise<void> {
		const work = join(dir, `ca-db-${++counter}`);
		mkdirSync(work);
		writeFileSync(join(work, 'index.txt'), '');
		writeFileSync(join(work, 'serial'), `${(0x1000 + counter).toString(16).padStart(4, '0')}\n`);
		writeFileSync(join(work, 'openssl.cnf'), OPENSSL_CONFIG);
		await openssl(['req', '-new', ...EC, '-keyout', `../${name}.key`, '-out', 'leaf.csr', '-config', 'openssl.cnf', '-subj', `/CN=${cn}`], work);
		await openssl(
			['ca', '-batch', '-config', 'openssl.cnf', '-cert', '../ca.pem', '-keyfile', '../ca.key', '-in', 'leaf.csr', '-out', `../${name}.pem`,
				'-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-extfile', `../${extFile}`, '-extensions', 'leaf', '-notext'],
			work,
		);
	}

	return {
		dir,
		ca,
		otherCa,
		leaf: signedBy('ca', 'leaf'),
		otherCaLeaf: signedBy('other-ca', 'other-ca-leaf'),
		expiredLeaf: hosts => cached('expired', list(hosts), (name, extFile) => expired(name, extFile, list(hosts)[0]!)),
		wrongNameLeaf: () => signedBy('ca', 'leaf')(['wrong-name.test']),
		selfSignedLeaf: hosts =>
			cached('self-signed', list(hosts), (name, extFile) =>
				openssl(
					['req', '-x509', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-config', extFile, '-extensions', 'leaf', '-subj', `/CN=${list(hosts)[0]}`],
					dir,
				),
			),
	};
}

let shared: Promise<TestPki> | undefined;
/** One PKI per process in a temporary directory (removed when the process exits). */
export function getTestPki(): Promise<TestPki> {
	if (!shared) {
		const dir = mkdtempSync(join(tmpdir(), 'fake-gitlab-pki-'));
		process.once('exit', () => rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
		shared = generateTestPki(dir);
	}
	return shared;
}
