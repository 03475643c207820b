// Go's version numbers as the go command compares them (docs/go.md §10.3): "1.21" is a language version, lower than
// "1.21rc1", lower than "1.21.0"; before 1.21 "1.N" means "1.N.0". Toolchain names (go1.22.3, go1.22.3-custom) as
// FromToolchain reads them (docs/go.md §10.1).

type Version = {major: string; minor: string; patch: string; kind: string; pre: string};

const EMPTY: Version = {major: '', minor: '', patch: '', kind: '', pre: ''};

function cutInt(text: string): {n: string; rest: string} | undefined {
	let i = 0;
	while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
	// No digits, or an unnecessary leading zero.
	if (i === 0 || (text[0] === '0' && i !== 1)) return undefined;
	return {n: text.slice(0, i), rest: text.slice(i)};
}

/** gover.Parse: the empty version for anything invalid. */
function parse(text: string): Version {
	const major = cutInt(text);
	if (!major) return EMPTY;
	if (major.rest === '') return {...EMPTY, major: major.n, minor: '0', patch: '0'};
	if (major.rest[0] !== '.') return EMPTY;
	const minor = cutInt(major.rest.slice(1));
	if (!minor) return EMPTY;
	const version: Version = {...EMPTY, major: major.n, minor: minor.n};
	if (minor.rest === '') {
		if (compareInt(minor.n, '21') < 0) version.patch = '0';
		return version;
	}
	if (minor.rest[0] === '.') {
		const patch = cutInt(minor.rest.slice(1));
		if (!patch || patch.rest !== '') return EMPTY;
		return {...version, patch: patch.n};
	}
	const kind = /^[a-z]+/.exec(minor.rest)?.[0];
	if (!kind || !/^[a-z]/.test(minor.rest)) return EMPTY;
	version.kind = kind;
	const after = minor.rest.slice(kind.length);
	if (after === '') return version;
	const pre = cutInt(after);
	if (!pre || pre.rest !== '') return EMPTY;
	version.pre = pre.n;
	return version;
}

function compareInt(x: string, y: string): number {
	if (x === y) return 0;
	if (x.length !== y.length) return x.length < y.length ? -1 : 1;
	return x < y ? -1 : 1;
}

function compareString(x: string, y: string): number {
	return x === y ? 0 : x < y ? -1 : 1;
}

/** gover.Compare: negative, zero or positive; invalid versions compare below every valid one. */
export function compareGoVersions(x: string, y: string): number {
	const a = parse(x);
	const b = parse(y);
	return (
		compareInt(a.major, b.major) ||
		compareInt(a.minor, b.minor) ||
		compareInt(a.patch, b.patch) ||
		compareString(a.kind, b.kind) ||
		compareInt(a.pre, b.pre)
	);
}

export function isValidGoVersion(text: string): boolean {
	return parse(text).major !== '';
}

/** gover.IsLang: "1.22" but not "1.22.0" or "1.22rc1". */
export function isLanguageVersion(text: string): boolean {
	const version = parse(text);
	return version.major !== '' && version.patch === '' && version.kind === '' && version.pre === '';
}

/** gover.FromToolchain: "go1.22.3-custom" → "1.22.3"; '' when the name is not a Go toolchain. */
export function versionFromToolchain(name: string): string {
	if (/[\\/]/.test(name) || !name.startsWith('go')) return '';
	let version = name.slice(2);
	const cut = version.search(/[ \t-]/);
	if (cut >= 0) version = version.slice(0, cut);
	return isValidGoVersion(version) ? version : '';
}

/** The minor number of a Go 1.x version ("1.24.4" → 24), for the rules keyed on a release. */
export function goMinor(version: string): number {
	const parsed = parse(version);
	if (parsed.major !== '1') return parsed.major === '' ? 0 : Number.MAX_SAFE_INTEGER;
	return Number(parsed.minor);
}
