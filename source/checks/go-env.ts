// go-env: Go's settings as the go command resolves them, where each comes from, and which go is installed.
import {goEnvCommand} from '../fixes/builders.js';
import type {GoVersion, GoEnvData} from '../engine/check-data.js';
import {type Fix, type Outcome, type StepFacts, defineCheck} from '../engine/types.js';
import {shownText} from '../output/terminal-text.js';
import {
	goEnvFileLocation,
	goSettingKeys,
	insecureFlagError,
	parseGoEnvFile,
	resolveGoSetting,
	type ResolvedSetting,
} from '../rules/go-env-file.js';
import {goAskTimeoutMs, goEnvExtraKeys, goEnvQuery, goVersionQuery, type Query} from '../system/early-commands.js';
import type {System} from '../system/types.js';
import {parseGoauthSetting} from './goauth-credentials.js';
import {resolveToolchain, type ToolchainReport} from './go-toolchain.js';
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

/** `go env` of the go on PATH, which also names its version (GOVERSION); `go version` only where go env cannot say
 * it (go before 1.16, or a failing go env, whose reason go version then tells). Both with GOTOOLCHAIN=local, so
 * that asking never switches to (and downloads) another toolchain (docs/go.md §10.1). */
async function askGo(system: System, timeoutMs: number) {
	const keys = [...goSettingKeys, ...goEnvExtraKeys];
	const run = ({command, args, options}: Query) => system.exec.run(command, args, options);
	const env = await run(goEnvQuery(system.env, system.cwd, timeoutMs));
	// Only a go that cannot be found is "not installed"; one that hangs or fails is there and says why.
	if (env.startError === 'ENOENT') return undefined;
	const lines = env.code === 0 ? env.stdout.split('\n') : [];
	const reported: Record<string, string> = {};
	keys.forEach((key, index) => {
		const line = lines[index];
		if (line !== undefined) reported[key] = line;
	});
	const goVersion = reported['GOVERSION'] ? parseGoVersion(reported['GOVERSION']) : undefined;
	if (goVersion) return {version: goVersion, reported, envError: undefined};
	const version = await run(goVersionQuery(system.env, system.cwd, timeoutMs));
	if (version.startError === 'ENOENT') return undefined;
	if (version.startError || version.code !== 0) {
		const why = version.timedOut
			? `go version did not finish within ${Math.round(timeoutMs / 1000)} s`
			: version.startError
				? `go could not be started (${version.startError})`
				: `go version failed: ${version.stderr.trim().split('\n')[0] || `exit status ${version.code}`}`;
		return {version: undefined, reported: {} as Record<string, string>, envError: why};
	}
	return {version: parseGoVersion(version.stdout), reported, envError: env.code === 0 ? undefined : env.stderr.trim()};
}

function versionOf(text: string): GoVersion | undefined {
	return parseGoVersion(`go${text}`);
}

export const goEnvCheck = defineCheck({
	id: 'go-env',
	// The same for every module on the host: repository mode runs it once per host.
	scope: 'host',
	title: 'Go settings',
	needs: [],
	reads: ['go-env-file'],
	local: true,
	async run(context): Promise<Outcome<GoEnvData>> {
		const {system, options} = context;
		const details: string[] = [];
		const warnings: string[] = [];
		// The stable code of each warning, in step with warnings (JSON `reason`).
		const warningCodes: string[] = [];
		const warn = (code: string, text: string) => {
			warnings.push(text);
			warningCodes.push(code);
		};
		const location = goEnvFileLocation(system.env, system.platform);
		if (location.problem) warn('go-env-file-location', location.problem);

		const [userFile, go] = await Promise.all([
			location.path ? readTextFile(system, location.path) : Promise.resolve<TextFile>({kind: 'missing'}),
			// Once per run: in repository mode go-env is a step of each host, and go's answer is the same for all.
			context.perRun ? context.perRun.once('go-env:ask', () => askGo(system, goAskTimeoutMs(options.timeoutMs))) : askGo(system, goAskTimeoutMs(options.timeoutMs)),
		]);
		let userValues: Record<string, string> | undefined;
		if (userFile.kind === 'text') {
			const parsed = parseGoEnvFile(userFile.text);
			userValues = parsed.values;
			for (const ignored of parsed.ignoredLines) {
				warn('go-env-file-ignored-line', `${location.path} line ${ignored.line}: ${ignored.reason} (Go ignores "${shownText(ignored.text, 200)}")`);
			}
		} else if (userFile.kind === 'unreadable') {
			// Go reads a FIFO or a device as it is (/dev/null as empty, /dev/zero or a FIFO without end); it ignores
			// only a file it cannot open.
			const notRegular = userFile.info !== undefined && !userFile.info.isFile && !userFile.info.isDirectory;
			warn(
				'go-env-file-unreadable',
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

		const layers = {env: system.env, userFile: userValues, gorootFile: gorootValues, platform: system.platform};
		const allSettings: Record<string, ResolvedSetting> = {};
		for (const key of goSettingKeys) allSettings[key] = resolveGoSetting(key, layers);
		allSettings['GOWORK'] = resolveGoSetting('GOWORK', layers);
		// Where go computes a path itself (GOROOT, GOMODCACHE), its answer is the one to use.
		for (const key of ['GOROOT', 'GOPATH', 'GOMODCACHE']) {
			const reported = go?.reported[key];
			if (reported) allSettings[key] = {value: reported, source: allSettings[key]?.source ?? 'default'};
		}

		// The Go that runs may not be the go on PATH (GOTOOLCHAIN, the go and toolchain lines of go.mod / go.work).
		const localText = go?.version?.text.replace(/^go/, '');
		const toolchain = localText
			? await resolveToolchain(system, {
				cwd: system.cwd ?? '',
				localVersion: localText,
				settings: allSettings,
				goos: go?.reported['GOHOSTOS'] || hostOs(system.platform),
				goarch: go?.reported['GOHOSTARCH'] || 'amd64',
				...(options.offline ? {} : {probe: (url: string) => probeUrl(system, url, Math.min(options.timeoutMs, 10_000))}),
			})
			: undefined;
		const runningVersion = toolchain && toolchain.effectiveVersion !== toolchain.localVersion ? versionOf(toolchain.effectiveVersion) ?? go?.version : go?.version;

		const settings: Record<string, ResolvedSetting> = {};
		const knownTo = (version: GoVersion | undefined, key: string) => !version || goAtLeast({settings, goVersion: version}, introducedInMinor[key] ?? 0);
		for (const key of goSettingKeys) {
			if (!knownTo(runningVersion, key)) continue;
			settings[key] = allSettings[key]!;
			const reported = go?.reported[key];
			// The go command has the last word; our attribution only says where a value came from. A setting the go on
			// PATH does not know yet (GOAUTH before 1.24) it reports empty: that is no disagreement.
			if (go && reported !== undefined && reported !== settings[key]!.value && !derivedByGo(key) && knownTo(go.version, key)) {
				details.push(`go env reports ${key}=${reported}, not "${settings[key]!.value}" as read from ${settings[key]!.source}; using go's value`);
				settings[key] = {value: reported, source: settings[key]!.source};
			}
		}

		const evidence: Record<string, unknown> = {
			goVersion: runningVersion?.text ?? (go ? 'unknown' : 'not installed'),
			...(toolchain ? toolchainEvidence(toolchain) : {}),
			goEnvFile: location.path ? `${location.path} (${userFile.kind})` : `none (${location.source})`,
			settings: Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, describeSetting(value)])),
		};
		const data: GoEnvData = {settings, goVersion: runningVersion};
		const facts: StepFacts = {
			go: {
				version: String(evidence['goVersion']),
				envFile: String(evidence['goEnvFile']),
				settings: Object.entries(settings).map(([key, value]) => ({key, value: value.value, source: value.derivedFrom ? `from ${value.derivedFrom}` : value.source})),
			},
		};
		if (toolchain && runningVersion !== go?.version) data.localGoVersion = go?.version;
		if (toolchain) data.toolchain = toolchain;

		if (toolchain?.failure) {
			return {
				status: 'fail',
				reason: 'go-toolchain',
				summary: toolchain.failure,
				details: toolchainDetails(toolchain),
				evidence,
				fixes: toolchainFixes(toolchain),
				facts,
				data,
			};
		}

		// GOAUTH (Go 1.24+): go stops at its first HTTPS request when the value is malformed (docs/go.md §2).
		const goauth = settings['GOAUTH'] ? await parseGoauthSetting(context, settings['GOAUTH'].value) : undefined;
		if (goauth?.fatal) {
			return {
				status: 'fail',
				reason: 'goauth-invalid',
				summary: goauth.fatal,
				details: ['GOAUTH is a list of methods separated by ";": off (alone), netrc, git ABSOLUTE_DIR, or a command that prints credentials.'],
				evidence,
				fixes: [{title: 'Set GOAUTH back to its default', commands: [settings['GOAUTH']?.source === 'environment' ? 'unset GOAUTH' : 'go env -u GOAUTH'], safe: false}],
				facts,
				data,
			};
		}

		// GOFLAGS: quoted in Go 1.23/1.24, split on blanks only in Go 1.19 (docs/go.md §11); 1.21 is when it changed
		// by the release history (1.20–1.22 not run here).
		const quotedGoflags = !runningVersion || goAtLeast(data, 21);
		const insecure = insecureFlagError(settings['GOFLAGS']?.value ?? '', system.platform, {quoted: quotedGoflags});
		if (insecure) {
			return {
				status: 'fail',
				reason: 'go-insecure-flag',
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
				reason: 'go-modules-off',
				summary: 'GO111MODULE=off: go get runs in GOPATH mode, which Go 1.22 and later no longer support',
				evidence,
				facts,
				fixes: [{title: 'Turn module mode back on', commands: ['go env -u GO111MODULE'], safe: false}],
				data,
			};
		}
		if (!go) warn('go-not-installed', 'go is not on PATH here: the settings below are what go would read, from the files and the environment');
		else if (go.envError) warn('go-env-failed', go.version ? `go env failed: ${go.envError}` : go.envError);

		if (toolchain) details.unshift(...toolchainDetails(toolchain));
		const switched = toolchain?.choice.kind === 'switch' ? ` (go on PATH is go${toolchain.localVersion}; ${toolchain.choice.toolchain} runs instead, ${toolchain.source === 'download' ? 'downloaded first' : `from the ${toolchain.source}`})` : '';
		const versionText = runningVersion ? `${runningVersion.text}${switched}` : go ? 'go (version unknown)' : 'go not installed';
		const privateValue = settings['GOPRIVATE']?.value;
		const summary = `${versionText}; GOPRIVATE=${privateValue ? `${privateValue} (${settings['GOPRIVATE']!.source})` : '(not set)'}`;
		return {
			status: warnings.length > 0 ? 'warn' : 'pass',
			reason: warningCodes[0],
			summary: warnings.length > 0 ? `${summary}; ${warnings.length === 1 ? warnings[0] : `${warnings.length} warnings`}` : summary,
			details: [...warnings, ...details],
			evidence,
			facts,
			data,
		};
	},
});

async function probeUrl(system: System, url: string, timeoutMs: number): Promise<{status?: number; error?: string}> {
	try {
		const http = await system.http();
		const result = await http.get({url, timeoutMs, maxBodyBytes: 4096});
		return result.ok ? {status: result.response.status} : {error: result.failure.message};
	} catch (error) {
		return {error: (error as Error).message};
	}
}

function hostOs(platform: System['platform']): string {
	return platform === 'win32' ? 'windows' : platform === 'other' ? 'linux' : platform;
}

function toolchainEvidence(toolchain: ToolchainReport): Record<string, unknown> {
	const evidence: Record<string, unknown> = {goOnPath: `go${toolchain.localVersion}`};
	if (toolchain.file) evidence['governingFile'] = toolchain.file.path;
	if (toolchain.choice.kind === 'switch') {
		evidence['toolchain'] = toolchain.choice.toolchain;
		evidence['toolchainSource'] = toolchain.source ?? 'unknown';
	}
	return evidence;
}

function toolchainDetails(toolchain: ToolchainReport): string[] {
	const choice = toolchain.choice;
	if (choice.kind === 'fatal') return [`go stops at once: ${choice.message}`];
	const lines = [choice.kind === 'switch' ? `go${toolchain.localVersion} is on PATH, but ${choice.toolchain} runs: ${choice.reason}` : `the Go that runs is go${toolchain.localVersion}: ${choice.reason}`];
	if (choice.kind === 'switch' && toolchain.source === 'path') lines.push(`${choice.toolchain} is on PATH, so go runs that binary`);
	if (choice.kind === 'switch' && toolchain.source === 'module cache') lines.push(`${choice.toolchain} is in the module cache already: no download`);
	if (choice.kind === 'switch' && toolchain.source === 'download') lines.push(`${choice.toolchain} is neither on PATH nor in the module cache: go downloads it first ("go: downloading ${choice.toolchain}")`);
	return [...lines, ...toolchain.notes];
}

function toolchainFixes(toolchain: ToolchainReport): Fix[] {
	const choice = toolchain.choice;
	if (choice.kind === 'switch') {
		return [
			{title: `Install ${choice.toolchain} yourself (https://go.dev/dl/) and put it first on PATH, or let go fetch it: allow golang.org/toolchain through GOPROXY`, commands: [], safe: false},
			{title: `Or stay on go${toolchain.localVersion} for this command, if the module allows it`, commands: ['GOTOOLCHAIN=local go get …'], safe: false},
		];
	}
	if (choice.kind === 'fatal' && choice.message.includes('GOTOOLCHAIN')) {
		return [{title: 'Set GOTOOLCHAIN to auto, local, path, goX.Y.Z, goX.Y.Z+auto or goX.Y.Z+path', commands: ['go env -w GOTOOLCHAIN=auto'], safe: false}];
	}
	return [];
}

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
