// git-ca: `git config --global http.<url>.sslCAInfo FILE` for a CA file the user names. The file must exist and
// hold at least one PEM certificate (and no private key) before git is told to trust it.
import {X509Certificate} from 'node:crypto';
import {isAbsolute, resolve} from 'node:path';
import type {FixAction} from '../engine/types.js';
import type {System} from '../system/types.js';
import {applyGitConfig, gitConfigPreview, inspectGitConfig} from './git-config.js';
import {errorText} from './shell.js';
import type {ActionPlan, ResolvedFixContext, Unavailable} from './types.js';

type GitCaAction = Extract<FixAction, {kind: 'git-ca'}>;

export type CaFileCheck = {ok: true; path: string; certificates: Array<{subject: string; validTo: string; ca: boolean}>} | {ok: false; problem: string};

/** `~/…` from the home directory; a relative path from the current directory (git would read it from its own). */
export function expandPath(system: System, typed: string): string {
	const trimmed = typed.trim();
	if ((trimmed === '~' || trimmed.startsWith('~/')) && system.homeDir) return resolve(system.homeDir, trimmed.slice(2));
	return isAbsolute(trimmed) ? trimmed : resolve(trimmed);
}

const pemCertificate = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export async function checkCaFile(system: System, typed: string | undefined): Promise<CaFileCheck> {
	if (!typed || typed.trim() === '') return {ok: false, problem: 'no file was named'};
	const path = expandPath(system, typed);
	const info = await system.fs.stat(path);
	if (!info) return {ok: false, problem: `there is no file at ${path}`};
	if (info.isDirectory) return {ok: false, problem: `${path} is a directory; name the certificate file in it`};
	let text: string;
	try {
		const read = await system.fs.readFile(path, 4 * 1024 * 1024);
		if (read.truncated) return {ok: false, problem: `${path} is larger than 4 MiB: it is not a CA certificate file`};
		text = read.bytes.toString('utf8');
	} catch (error) {
		return {ok: false, problem: `cannot read ${path}: ${errorText(error)}`};
	}
	if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) {
		return {ok: false, problem: `${path} contains a private key: git needs only the CA certificate; keep the key out of that file`};
	}
	const certificates: Array<{subject: string; validTo: string; ca: boolean}> = [];
	let broken = 0;
	for (const match of text.matchAll(pemCertificate)) {
		try {
			const certificate = new X509Certificate(match[0]);
			certificates.push({subject: certificate.subject.replace(/\n/g, ', '), validTo: certificate.validTo, ca: certificate.ca});
		} catch {
			broken++;
		}
	}
	if (certificates.length === 0) {
		return {
			ok: false,
			problem: broken > 0
				? `${path} has a "BEGIN CERTIFICATE" block that is not a valid certificate`
				: `${path} holds no PEM certificate ("-----BEGIN CERTIFICATE-----"); a DER (.cer/.crt binary) file must be converted first: openssl x509 -inform der -in FILE -out FILE.pem`,
		};
	}
	return {ok: true, path, certificates};
}

export async function planGitCa(action: GitCaAction, context: ResolvedFixContext): Promise<ActionPlan | Unavailable> {
	const key = `http.${action.url}.sslCAInfo`;
	const inspection = await inspectGitConfig({key, value: 'FILE'}, context, {valueKnown: false});
	if ('unavailable' in inspection) return inspection;
	return {
		preview: context.redactor.redact(`${gitConfigPreview({key, value: 'FILE'}, inspection, 'FILE')}\n  FILE: the CA certificate file (PEM) you name next; it is checked first`),
		inputPrompt: `Path to the CA certificate file (PEM) that git should trust for ${action.url}`,
		async apply(input, backups) {
			const checked = await checkCaFile(context.system, input.input);
			if (!checked.ok) return {ok: false, message: context.redactor.redact(`Not changed: ${checked.problem}.`)};
			const change = {key, value: checked.path};
			const fresh = await inspectGitConfig(change, context, {valueKnown: true});
			if ('unavailable' in fresh) return {ok: false, message: context.redactor.redact(`Not changed: ${fresh.unavailable}.`)};
			const result = await applyGitConfig(change, fresh, context, backups);
			if (!result.ok) return result;
			const first = checked.certificates[0]!;
			const more = checked.certificates.length > 1 ? ` and ${checked.certificates.length - 1} more` : '';
			const note = checked.certificates.some(certificate => certificate.ca) ? '' : ' (note: no certificate in it is marked as a CA)';
			return {...result, message: context.redactor.redact(`${result.message}\ngit now trusts ${first.subject} (valid until ${first.validTo})${more} for ${action.url}${note}`)};
		},
	};
}
