// The Go that really runs in the user's directory, found as the go command finds it without running anything that
// could download: the governing go.work/go.mod (docs/go.md §10.2), the toolchain rules of rules/toolchain.ts, and,
// when Go would switch, whether the toolchain is on PATH, in the module cache, or fetchable (docs/go.md §10.4, §10.5).
import {planModuleFetch, type GoSettingsForPrivacy} from '../rules/goproxy.js';
import {goMinor} from '../rules/gover.js';
import {
	oldGoModProblems,
	selectToolchain,
	toolchainModuleVersion,
	toolchainUnavailableMessage,
	type GoverningFile,
	type ToolchainChoice,
} from '../rules/toolchain.js';
import type {System} from '../system/types.js';
import {readTextFile} from './read-text.js';

export type ToolchainReport = {
	/** The version every version-keyed rule uses: the Go that runs. */
	effectiveVersion: string;
	localVersion: string;
	choice: ToolchainChoice;
	file?: {path: string; kind: GoverningFile['kind']};
	/** For a switch: where the toolchain comes from, or why it cannot be had (then go fails at once). */
	source?: 'path' | 'module cache' | 'download';
	failure?: string;
	notes: string[];
};

function parentOf(dir: string): string {
	const trimmed = dir.replace(/\/+$/, '');
	const slash = trimmed.lastIndexOf('/');
	return slash <= 0 ? '/' : trimmed.slice(0, slash);
}

async function isFile(system: System, path: string): Promise<boolean> {
	return (await system.fs.stat(path))?.isFile ?? false;
}

/** modload.FindGoWork then FindGoMod (Unix paths): GOWORK=off skips go.work; a set GOWORK names it. */
export async function findGoverningFile(
	system: System,
	cwd: string,
	settings: {GOWORK: string; GOROOT: string},
): Promise<{file?: GoverningFile; fatal?: string}> {
	let workPath: string | undefined;
	const gowork = settings.GOWORK;
	if (gowork === '' || gowork === 'auto') {
		for (let dir = cwd; ; ) {
			if (await isFile(system, `${dir === '/' ? '' : dir}/go.work`)) {
				workPath = `${dir === '/' ? '' : dir}/go.work`;
				break;
			}
			const parent = parentOf(dir);
			if (parent === dir || parent === settings.GOROOT) break;
			dir = parent;
		}
	} else if (gowork !== 'off') {
		if (!gowork.startsWith('/')) return {fatal: 'go: invalid GOWORK: not an absolute path'};
		// modGoToolchain ignores a named go.work that does not exist and falls back to go.mod.
		if (await system.fs.stat(gowork)) workPath = gowork;
	}
	if (workPath) {
		const read = await readTextFile(system, workPath);
		return read.kind === 'text' ? {file: {path: workPath, kind: 'go.work', text: read.text}} : {fatal: `go: cannot read ${workPath}`};
	}
	for (let dir = cwd; ; ) {
		const candidate = `${dir === '/' ? '' : dir}/go.mod`;
		if (await isFile(system, candidate)) {
			// A go.mod in the temporary directory itself does not count (FindGoMod).
			const tmp = (system.env['TMPDIR'] || '/tmp').replace(/\/+$/, '') || '/';
			if (dir === tmp) return {};
			const read = await readTextFile(system, candidate);
			return read.kind === 'text' ? {file: {path: candidate, kind: 'go.mod', text: read.text}} : {fatal: `go: cannot read ${candidate}`};
		}
		const parent = parentOf(dir);
		if (parent === dir) return {};
		dir = parent;
	}
}

async function onPath(system: System, name: string): Promise<string | undefined> {
	for (const dir of (system.env['PATH'] ?? '').split(':')) {
		if (dir === '') continue;
		const candidate = `${dir}/${name}`;
		const info = await system.fs.stat(candidate);
		if (info?.isFile && (info.mode & 0o111) !== 0) return candidate;
	}
	return undefined;
}

/** A GET for the download probe: the status, or why no answer came. */
export type Probe = (url: string) => Promise<{status?: number; error?: string}>;

export type ToolchainInputs = {
	/** Online runs: ask where go would download the toolchain from whether it has it (an .info request, no download). */
	probe?: Probe;
	cwd: string;
	localVersion: string;
	settings: Record<string, {value: string; source: string}>;
	goos: string;
	goarch: string;
};

/** Works out the Go that runs here, and whether a switch can succeed, without downloading anything. */
export async function resolveToolchain(system: System, inputs: ToolchainInputs): Promise<ToolchainReport> {
	const value = (key: string) => inputs.settings[key]?.value ?? '';
	const notes: string[] = [];
	const found = await findGoverningFile(system, inputs.cwd, {GOWORK: value('GOWORK'), GOROOT: value('GOROOT')});
	const file = found.file ? {path: found.file.path, kind: found.file.kind} : undefined;
	const localVersion = inputs.localVersion;
	if (found.fatal && goMinor(localVersion) >= 21) {
		const choice: ToolchainChoice = {kind: 'fatal', version: localVersion, message: found.fatal};
		return {effectiveVersion: localVersion, localVersion, choice, file, failure: found.fatal, notes};
	}
	const oldProblems = oldGoModProblems(localVersion, found.file);
	const gotoolchain = inputs.settings['GOTOOLCHAIN'];
	const choice = selectToolchain({
		localVersion,
		gotoolchain: gotoolchain?.value ?? '',
		gotoolchainSource: gotoolchain?.source ?? 'default',
		file: found.file,
		go111module: value('GO111MODULE'),
	});
	const report: ToolchainReport = {effectiveVersion: choice.kind === 'switch' ? choice.version : localVersion, localVersion, choice, file, notes};
	if (oldProblems.length > 0 && found.file) {
		report.failure = `go: errors parsing go.mod: ${found.file.path}: ${oldProblems.join('; ')} (go ${localVersion} reads only "go 1.N" lines and knows no toolchain line)`;
		return report;
	}
	if (choice.kind === 'fatal') {
		report.failure = choice.message;
		return report;
	}
	if (choice.kind !== 'switch') return report;

	// A binary of that name on PATH first; with +path (or path) nothing else (docs/go.md §10.4).
	if (await onPath(system, choice.toolchain)) {
		report.source = 'path';
		return report;
	}
	if (choice.pathOnly) {
		report.failure = `go: cannot find "${choice.toolchain}" in PATH`;
		return report;
	}
	const moduleVersion = toolchainModuleVersion(choice.toolchain, inputs.goos, inputs.goarch);
	const modcache = value('GOMODCACHE');
	if (modcache !== '') {
		// modfetch.Download uses the extracted directory when complete (no .partial, a .ziphash), else a cached zip.
		const extracted = await system.fs.stat(`${modcache}/golang.org/toolchain@${moduleVersion}`);
		const base = `${modcache}/cache/download/golang.org/toolchain/@v/${moduleVersion}`;
		const [partial, ziphash, zip] = await Promise.all([system.fs.stat(`${base}.partial`), system.fs.stat(`${base}.ziphash`), system.fs.stat(`${base}.zip`)]);
		if ((extracted?.isDirectory && !partial && ziphash) || (zip && ziphash)) {
			report.source = 'module cache';
			return report;
		}
	}
	report.source = 'download';
	const settings: GoSettingsForPrivacy = {
		GOPROXY: value('GOPROXY'),
		GONOPROXY: value('GONOPROXY'),
		GONOSUMDB: value('GONOSUMDB'),
		GOPRIVATE: value('GOPRIVATE'),
		GOSUMDB: value('GOSUMDB'),
	};
	const plan = planModuleFetch(settings, 'golang.org/toolchain', system.platform);
	const unavailable = toolchainUnavailableMessage(choice.toolchain, inputs.goos, inputs.goarch);
	if (plan.error) report.failure = `${unavailable} (GOPROXY: ${plan.error})`;
	else if (plan.stops && plan.proxiesAsked.length === 0) report.failure = `${unavailable} (${plan.stops})`;
	else if (unavailable.includes('language version')) report.failure = unavailable;
	else {
		const from = plan.proxiesAsked.length > 0 ? `through ${plan.proxiesAsked.join(', then ')}${plan.direct ? ', then direct (https://golang.org/toolchain?go-get=1, served from go.dev/dl/mod)' : ''}` : 'direct from golang.org (its go-import tag names the mod proxy at go.dev/dl/mod)';
		notes.push(`go downloads golang.org/toolchain@${moduleVersion} ${from}`);
		if (inputs.probe) {
			const probed = await probeDownload(inputs.probe, plan.proxySteps.map(step => ({url: step.url!, display: step.display ?? step.url!, fallback: step.fallback})), plan.direct, moduleVersion);
			if (probed.failure) {
				report.failure = probed.failure === 'not found' ? unavailable : `go: download ${choice.toolchain}: golang.org/toolchain@${moduleVersion}: ${probed.failure}`;
				notes.push(...probed.said);
				return report;
			}
			notes.push(...probed.said);
		}
		notes.push(plan.sumdb.consulted ? `and verifies it against the checksum database ${plan.sumdb.name ?? ''}: both must be reachable from here`.replace('  ', ' ') : `without checking it against a checksum database (${plan.sumdb.reason})`);
		if (plan.proxiesAsked.some(url => !/^https:\/\/proxy\.golang\.org\/?$/.test(url))) {
			notes.push('a company proxy must serve golang.org/toolchain for this to work: many private proxies do not');
		}
	}
	return report;
}

/** Walks GOPROXY as modfetch does for golang.org/toolchain (docs/go.md §10.4), asking each place for the version's .info only. */
async function probeDownload(
	probe: Probe,
	proxies: Array<{url: string; display: string; fallback: 'not-found' | 'any-error' | 'none'}>,
	direct: boolean,
	moduleVersion: string,
): Promise<{failure?: string; said: string[]}> {
	const said: string[] = [];
	let last = 'not found';
	for (const proxy of proxies) {
		const answer = await probe(`${proxy.url.replace(/\/+$/, '')}/golang.org/toolchain/@v/${moduleVersion}.info`);
		if (answer.status === 200) {
			said.push(`${proxy.display} has it`);
			return {said};
		}
		const notFound = answer.status === 404 || answer.status === 410;
		last = notFound ? 'not found' : answer.error ?? `${proxy.display} answered ${answer.status}`;
		said.push(`${proxy.display}: ${notFound ? `${answer.status}, it does not serve golang.org/toolchain` : last}`);
		if (!notFound && proxy.fallback !== 'any-error') return {failure: last, said};
	}
	if (direct) {
		const answer = await probe(`https://go.dev/dl/mod/golang.org/toolchain/@v/${moduleVersion}.info`);
		if (answer.status === 200) return {said: [...said, 'go.dev/dl/mod has it (direct)']};
		const notFound = answer.status === 404 || answer.status === 410;
		said.push(`direct (go.dev/dl/mod): ${notFound ? 'not found' : answer.error ?? `answered ${answer.status}`}`);
		return {failure: notFound ? 'not found' : answer.error ?? `go.dev answered ${answer.status}`, said};
	}
	return {failure: last, said};
}
