// What is being checked and where things stand: module, host, Go and git versions, time so far and
// a tally that follows every finished step. Three lines, each cut to the terminal's width.
import {Box, Text} from 'ink';
import {statusStyles} from '../../output/status-style.js';
import {formatDuration} from '../format.js';
import type {Tally} from '../run-state.js';
import {useTint, useUi} from '../hooks/use-ui.js';

export type HeaderProps = {
	module: string;
	host: string;
	goVersion: string | undefined;
	gitVersion: string | undefined;
	elapsedMs: number | undefined;
	running: boolean;
	/** The latest run re-ran only some steps. */
	partial: boolean;
	tally: Tally;
};

export function Header({module, host, goVersion, gitVersion, elapsedMs, running, partial, tally}: HeaderProps) {
	const tint = useTint();
	const {redact} = useUi();
	const facts = [`host ${host}`, `Go ${goVersion ?? '…'}`, `git ${gitVersion ?? '…'}`];
	if (elapsedMs !== undefined) {
		const what = partial ? 're-run ' : '';
		facts.push(running ? `${what}${formatDuration(elapsedMs)} so far` : `${what}took ${formatDuration(elapsedMs)}`);
	}
	const counts = (['pass', 'warn', 'fail', 'skip'] as const).map(status => ({status, count: tally[status], style: statusStyles[status]}));
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>gitlab-go-check</Text> {redact(module)}
			</Text>
			<Text wrap="truncate-end" dimColor>
				{facts.join(' · ')}
			</Text>
			<Text wrap="truncate-end">
				{counts.map(({status, count, style}) => (
					<Text key={status} color={count > 0 ? tint(style.color) : undefined} dimColor={count === 0}>
						{style.glyph} {count} {style.label}
						{'  '}
					</Text>
				))}
				{tally.running + tally.queued > 0 ? <Text color={tint('cyan')}>… {tally.running + tally.queued} to go</Text> : null}
			</Text>
		</Box>
	);
}
