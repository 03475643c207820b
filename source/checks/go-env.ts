// go-env: Go's settings as the go command resolves them, where each comes from, and which go is installed.
import {goEnvCommand} from '../fixes/builders.js';
import type {GoVersion, GoEnvData} from '../engine/check-data.js';
import {type Outcome, type StepFacts, defineCheck} from '../engine/types.js';
import {shownText} from '../output/terminal-text.js';
import {
	goEnvFileLocation,
	goSettingKeys,
	insecureFlagError,
	parseGoEnvFile,
	resolveGoSetting,
	type ResolvedSetting,
} from '../rules/go-env-file.js';
import type {System} from '../system/types.js';
import {readTextFile, type TextFile} from './read-text.js';

export function setting(data: GoEnvData | undefined, key: string): string {
	return data?.settings[key]?.value ?? '';
}

/** The value the user set, '' where Go only derived it (GONOPROXY/GONOSUMDB from GOPRIVATE). */
export function ownSetting(data: GoEnvData | undefined, key: string): string {
	const resolved = data?.settings[key];
	return resolved && !resolved.derivedFrom ? resolved.value : '';
}

// Settings an older go does not know: it neither reports nor uses them.
const introducedInMinor: Record<string, number> = {GOAUTH: 24, GOTOOLCHAIN: 21};

/** True when the installed go is at least major.minor, or unknown (then the newest rules apply). */
export function goAtLeast(data: GoEnvData | undefined, minor: number): boolean {
	const version = data?.goVersion;
	return !version || version.major > 1 || version.minor >= minor;
}

export function parseGoVersion(output: string): GoVersion | undefined {
	const match = /\bgo(\d+)\.(\d+)(?:\.\d+)?\S*/.exec(output);
	if (!match) return undefined;
	return {text: match[0], major: Number(match[1]), minor: Number(match[2])};
}

async function askGo(system: System, timeoutMs: number) {
	const options = {env: system.env, timeoutMs};
	const [version, env] = await Promise.all([
		system.exec.run('go', ['version'], options),
		system.exec.run('go', ['env', ...goSettingKeys], options),
	]);
	// Only a go that cannot be found is "not installed"; one that hangs or fails is there and says why.
	if (version.startError === 'ENOENT') return undefined;
	if (version.startError || version.code !== 0) {
		const why = version.timedOut
			? `go version did not finish within ${Math.round(timeoutMs / 1000)} s`
			: version.startError
				? `go could not be started (${version.startError})`
				: `go version failed: ${version.stderr.trim().split('\n')[0] || `exit status ${version.code}`}`;
		return {version: undefined, reported: {} as Record<string, string>, envError: why};
	}
	const lines = env.code === 0 ? env.stdout.split('\n') : [];
	const reported: Record<string, string> = {};
	goSettingKeys.forEach((key, index) => {
		const line = lines[index];
		if (line !== undefined) reported[key] = line;
	});
	return {version: parseGoVersion(version.stdout), reported, envError: env.code === 0 ? undefined : env.stderr.trim()};
}

export const goEnvCheck = defineCheck({
	id: 'go-env',
	title: 'Go settings',
	needs: [],
	reads: ['go-env-file'],
	local: true,
	async run({system, options}): Promise<Outcome<GoEnvData>> {
		const details: string[] = [];
		const warnings: string[] = [];
		const location = goEnvFileLocation(system.env, system.platform);
		if (location.problem) warnings.push(location.problem);

		const [userFile, go] = await Promise.all([
			location.path ? readTextFile(system, location.path) : Promise.resolve<TextFile>({kind: 'missing'}),
			askGo(system, Math.min(options.timeoutMs, 10_000)),
		]);
		let userValues: Record<string, string> | undefined;
		if (userFile.kind === 'text') {
			const parsed = parseGoEnvFile(userFile.text);
			userValues = parsed.values;
			for (const ignored of parsed.ignoredLines) {
				warnings.push(`${location.path} line ${ignored.line}: ${ignored.reason} (Go ignores "${shownText(ignored.text, 200)}")`);
			}
		} else if (userFile.kind === 'unreadable') {
			// Go reads a FIFO or a device as it is (/dev/null as empty, /dev/zero or a FIFO without end); it ignores
			// only a file it cannot open.
			const notRegular = userFile.info !== undefined && !userFile.info.isFile && !userFile.info.isDirectory;
			warnings.push(
				notRegular
					? `the go env file ${location.path} is not a regular file (a FIFO, a device or a socket): this tool does not read it, and go may wait on it for ever`
					: `the go env file ${location.path} cannot be read: ${userFile.reason}; Go ignores it`,
			);
		}

		let gorootValues: Record<string, string> | undefined;
		const goroot = go?.reported['GOROOT'];
		if (goroot) {
			const gorootFile = await readTextFile(system, `${goroot}/go.env`);
			if (gorootFile.kind === 'text') gorootValues = parseGoEnvFile(gorootFile.text).values;
		}

		const settings: Record<string, ResolvedSetting> = {};
		const knownToGo = (key: string) => !go?.version || goAtLeast({settings, goVersion: go.version}, introducedInMinor[key] ?? 0);
		for (const key of goSettingKeys) {
			if (!knownToGo(key)) continue;
			settings[key] = resolveGoSetting(key, {env: system.env, userFile: userValues, gorootFile: gorootValues, platform: system.platform});
			const reported = go?.reported[key];
			// The go command has the last word; our attribution only says where a value came from.
			if (go && reported !== undefined && reported !== settings[key]!.value && !derivedByGo(key)) {
				details.push(`go env reports ${key}=${reported}, not "${settings[key]!.value}" as read from ${settings[key]!.source}; using go's value`);
				settings[key] = {value: reported, source: settings[key]!.source};
			}
		}

		const evidence: Record<string, unknown> = {
			goVersion: go?.version?.text ?? (go ? 'unknown' : 'not installed'),
			goEnvFile: location.path ? `${location.path} (${userFile.kind})` : `none (${location.source})`,
			settings: Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, describeSetting(value)])),
		};
		const data: GoEnvData = {settings, goVersion: go?.version};
		const facts: StepFacts = {
			go: {
				version: String(evidence['goVersion']),
				envFile: String(evidence['goEnvFile']),
				settings: Object.entries(settings).map(([key, value]) => ({key, value: value.value, source: value.derivedFrom ? `from ${value.derivedFrom}` : value.source})),
			},
		};

		const insecure = insecureFlagError(settings['GOFLAGS']?.value ?? '');
		if (insecure) {
			return {
				status: 'fail',
				summary: insecure,
				details: ['GOFLAGS carries -insecure, which go get rejects since Go 1.17; GOINSECURE replaces it.'],
				evidence,
				facts,
				fixes: [{title: 'Remove -insecure from GOFLAGS', commands: [goflagsFix(settings['GOFLAGS']!)], safe: false}],
				data,
			};
		}
		if (settings['GO111MODULE']?.value === 'off') {
			return {
				status: 'fail',
				summary: 'GO111MODULE=off: go get runs in GOPATH mode, which Go 1.22 and later no longer support',
				evidence,
				facts,
				fixes: [{title: 'Turn module mode back on', commands: ['go env -u GO111MODULE'], safe: false}],
				data,
			};
		}
		if (!go) warnings.push('go is not on PATH here: the settings below are what go would read, from the files and the environment');
		else if (go.envError) warnings.push(go.version ? `go env failed: ${go.envError}` : go.envError);

		const versionText = go?.version?.text ?? (go ? 'go (version unknown)' : 'go not installed');
		const privateValue = settings['GOPRIVATE']?.value;
		const summary = `${versionText}; GOPRIVATE=${privateValue ? `${privateValue} (${settings['GOPRIVATE']!.source})` : '(not set)'}`;
		return {
			status: warnings.length > 0 ? 'warn' : 'pass',
			summary: warnings.length > 0 ? `${summary}; ${warnings.length === 1 ? warnings[0] : `${warnings.length} warnings`}` : summary,
			details: [...warnings, ...details],
			evidence,
			facts,
			data,
		};
	},
});

function describeSetting(setting: ResolvedSetting): string {
	const origin = setting.derivedFrom ? `from ${setting.derivedFrom}` : setting.source;
	return setting.value === '' ? `(empty, ${origin})` : `${setting.value} (${origin})`;
}

// GOROOT, GOPATH, GOMODCACHE are computed by go when unset; our default '' is not a disagreement.
function derivedByGo(key: string): boolean {
	return key === 'GOROOT' || key === 'GOPATH' || key === 'GOMODCACHE' || key === 'GOTOOLCHAIN' || key === 'GOENV';
}

function goflagsFix(goflags: ResolvedSetting): string {
	const rest = goflags.value
		.split(/\s+/)
		.filter(flag => flag && !/^--?insecure(=.*)?$/.test(flag))
		.join(' ');
	const {command} = goEnvCommand('GOFLAGS', rest || undefined, goflags.source === 'environment');
	return command;
}
