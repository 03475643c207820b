// Which Go toolchain really runs: the go command's toolchain selection from GOTOOLCHAIN and the go and toolchain
// lines of the governing go.work/go.mod, `go 1.22` meaning go1.22.0 (docs/go.md §10.1–§10.3). Go 1.21–1.24 agree on
// these rules; Go before 1.21 ignores GOTOOLCHAIN and the toolchain line. Pure: files come in as text.
import {compareGoVersions, goMinor, isLanguageVersion, versionFromToolchain} from './gover.js';

/** The go.work or go.mod that governs the directory, as modGoToolchain picks it. */
export type GoverningFile = {path: string; kind: 'go.work' | 'go.mod'; text: string};

export type ToolchainInput = {
	/** The version of the go on PATH, e.g. "1.24.4" (from `go version` asked with GOTOOLCHAIN=local). */
	localVersion: string;
	/** GOTOOLCHAIN as cfg.Getenv resolves it (environment, go env file, $GOROOT/go.env); '' when unset. */
	gotoolchain: string;
	/** Where that value came from, for the explanation. */
	gotoolchainSource: string;
	file?: GoverningFile;
	/** GO111MODULE: with "off" Go never selects a toolchain. */
	go111module: string;
};

export type ToolchainChoice =
	| {kind: 'local'; version: string; reason: string}
	/** Go runs another toolchain: found on PATH (GOTOOLCHAIN=path or +path), else downloaded as module golang.org/toolchain. */
	| {kind: 'switch'; toolchain: string; version: string; reason: string; pathOnly: boolean}
	/** Go stops before doing anything, with this message. */
	| {kind: 'fatal'; version: string; message: string};

/** gover.GoModLookup: the first line, trimmed, that starts with `key` and a space or tab; comments cut. */
export function goModLookup(text: string, key: string): string {
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (!line.startsWith(key)) continue;
		const rest = line.slice(key.length);
		if (rest === '' || (rest[0] !== ' ' && rest[0] !== '\t')) continue;
		const comment = rest.indexOf('//');
		return (comment >= 0 ? rest.slice(0, comment) : rest).trim();
	}
	return '';
}

/** The release the toolchain switch arrived in: older go ignores GOTOOLCHAIN and toolchain lines. */
export const TOOLCHAIN_SWITCH_MINOR = 21;

export function selectToolchain(input: ToolchainInput): ToolchainChoice {
	const local = input.localVersion;
	const localToolchain = `go${local}`;
	if (goMinor(local) < TOOLCHAIN_SWITCH_MINOR) {
		const ignored = input.gotoolchain ? ` (it ignores GOTOOLCHAIN=${input.gotoolchain})` : '';
		return {kind: 'local', version: local, reason: `go ${local} predates toolchain switching (Go 1.21)${ignored}: it always runs itself`};
	}
	if (input.go111module !== '' && input.go111module !== 'on' && input.go111module !== 'auto') {
		return {kind: 'local', version: local, reason: `GO111MODULE=${input.go111module}: Go selects no toolchain outside module mode`};
	}
	const setting = input.gotoolchain;
	if (setting === '') return {kind: 'local', version: local, reason: 'GOTOOLCHAIN is not set: the go on PATH runs'};

	let minToolchain = localToolchain;
	let minVersion = local;
	let mode: string;
	if (setting === 'auto' || setting === 'path') mode = setting;
	else {
		const plus = setting.indexOf('+');
		const min = plus >= 0 ? setting.slice(0, plus) : setting;
		const suffix = plus >= 0 ? setting.slice(plus + 1) : '';
		if (min !== 'local') {
			const version = versionFromToolchain(min);
			if (version === '') {
				return {kind: 'fatal', version: local, message: plus >= 0 ? `go: invalid GOTOOLCHAIN "${setting}": invalid minimum toolchain "${min}"` : `go: invalid GOTOOLCHAIN "${setting}"`};
			}
			minToolchain = min;
			minVersion = version;
		}
		if (plus >= 0 && suffix !== 'auto' && suffix !== 'path') {
			return {kind: 'fatal', version: local, message: `go: invalid GOTOOLCHAIN "${setting}": only version suffixes are +auto and +path`};
		}
		mode = suffix;
	}

	let target = minToolchain;
	let why = minToolchain === localToolchain ? '' : `GOTOOLCHAIN=${setting} (${input.gotoolchainSource}) names ${minToolchain}`;
	const file = input.file;
	if ((mode === 'auto' || mode === 'path') && file) {
		const goLine = goModLookup(file.text, 'go');
		const toolchainLine = goModLookup(file.text, 'toolchain');
		if (toolchainLine !== 'default') {
			if (toolchainLine !== '') {
				const toolVersion = versionFromToolchain(toolchainLine);
				if (toolVersion === '' || (!toolchainLine.startsWith('go') && !toolchainLine.includes('-go'))) {
					return {kind: 'fatal', version: local, message: `go: invalid toolchain "${toolchainLine}" in ${file.path}`};
				}
				if (compareGoVersions(toolVersion, minVersion) > 0) {
					target = toolchainLine;
					minVersion = toolVersion;
					why = `the toolchain line of ${file.path} asks for ${toolchainLine}, newer than ${minToolchain}, and GOTOOLCHAIN=${setting} allows an upgrade`;
				}
			}
			if (goLine !== '' && compareGoVersions(goLine, minVersion) > 0) {
				target = `go${goLine}`;
				// "go 1.22" is a language version: the first toolchain that provides it is go1.22.0.
				const language = isLanguageVersion(goLine) && compareGoVersions(goLine, '1.21') >= 0;
				if (language) target += '.0';
				why = `the go line of ${file.path} ("go ${goLine}") needs ${target}, newer than ${minToolchain.replace(/^go/, 'go ')}, and GOTOOLCHAIN=${setting} allows an upgrade`;
				if (language) why += ` ("go ${goLine}" names a language version, which any go${goLine}.x provides: go fetches its first release, go${goLine}.0)`;
			}
		}
	}

	if (target === 'local' || target === localToolchain) {
		const because = mode === '' ? `GOTOOLCHAIN=${setting} (${input.gotoolchainSource})` : file ? `nothing in ${file.path} asks for a newer Go than ${localToolchain}` : 'no go.mod or go.work governs this directory';
		return {kind: 'local', version: local, reason: `the go on PATH runs: ${because}`};
	}
	if (!target.startsWith('go1') && !target.includes('-go1')) return {kind: 'fatal', version: local, message: `go: invalid GOTOOLCHAIN "${target}"`};
	const pathOnly = setting === 'path' || setting.endsWith('+path');
	return {kind: 'switch', toolchain: target, version: versionFromToolchain(target), reason: why, pathOnly};
}

/** The module version Go downloads a toolchain as (toolchain.Exec): golang.org/toolchain@v0.0.1-go1.25.0.linux-amd64. */
export function toolchainModuleVersion(toolchain: string, goos: string, goarch: string): string {
	return `v0.0.1-${toolchain}.${goos}-${goarch}`;
}

/** Go's message when the toolchain cannot be had (toolchain.Exec). */
export function toolchainUnavailableMessage(toolchain: string, goos: string, goarch: string): string {
	const version = versionFromToolchain(toolchain);
	if (isLanguageVersion(version) && compareGoVersions(version, '1.21') >= 0) {
		return `go: invalid toolchain: ${toolchain} is a language version but not a toolchain version (${toolchain}.x)`;
	}
	return `go: download ${toolchain} for ${goos}/${goarch}: toolchain not available`;
}

/**
 * What Go before 1.21 makes of a go.mod written for a newer Go: its modfile parser accepts only "go 1.N" and knows
 * no toolchain directive, so every module-mode command fails with "errors parsing go.mod" (confirmed with go 1.19.8).
 * Go 1.19.11 and 1.20.6 learnt to read both (the forward compatibility of the Go 1.21 release notes).
 */
export function oldGoModProblems(localVersion: string, file: GoverningFile | undefined): string[] {
	if (!file || goMinor(localVersion) >= TOOLCHAIN_SWITCH_MINOR) return [];
	if (compareGoVersions(localVersion, '1.19.11') >= 0 && goMinor(localVersion) === 19) return [];
	if (compareGoVersions(localVersion, '1.20.6') >= 0) return [];
	const problems: string[] = [];
	const goLine = goModLookup(file.text, 'go');
	if (goLine !== '' && !/^[1-9][0-9]*\.(0|[1-9][0-9]*)$/.test(goLine)) problems.push(`invalid go version '${goLine}': must match format 1.23`);
	if (goModLookup(file.text, 'toolchain') !== '') problems.push('unknown directive: toolchain');
	return problems;
}
