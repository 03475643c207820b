// The order modules and hosts are listed in: English text order, as localeCompare gives it in an English locale
// (ICU's root collation). Computed here for printable ASCII, which is all a module path, a version or a host name Go
// accepts can hold, because the first localeCompare of a run loads ICU's collation data: 10 to 30 ms, as long as
// the rest of an offline repository run. Anything else is left to ICU itself. Independent of the user's locale, so
// the order of a listing is the same on every machine. test/rules/text-order.test.ts compares it with ICU.

// Printable ASCII in ICU's root order, punctuation and symbols first; a letter and its capital weigh the same at
// first (the primary level), and only when nothing else differs is the lower case first (the tertiary level).
const rootOrder = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ';

const primary = new Uint8Array(128);
{
	let weight = 0;
	for (const character of rootOrder) {
		const lower = character.toLowerCase();
		primary[character.charCodeAt(0)] = character !== lower ? primary[lower.charCodeAt(0)]! : ++weight;
	}
}

const printableAscii = /^[\x20-\x7e]*$/;

/** Negative, zero or positive, as `a.localeCompare(b, 'en')`. */
export function compareText(a: string, b: string): number {
	if (!printableAscii.test(a) || !printableAscii.test(b)) return a.localeCompare(b, 'en');
	const length = Math.min(a.length, b.length);
	for (let index = 0; index < length; index++) {
		const difference = primary[a.charCodeAt(index)]! - primary[b.charCodeAt(index)]!;
		if (difference !== 0) return difference;
	}
	if (a.length !== b.length) return a.length - b.length;
	// The same letters but for case: the first one in lower case comes first.
	for (let index = 0; index < length; index++) {
		if (a[index] !== b[index]) return a[index] === a[index]!.toLowerCase() ? -1 : 1;
	}
	return 0;
}
