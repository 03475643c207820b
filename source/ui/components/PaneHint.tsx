// What the pane says while no step is open: how to open the selected one, and where the first
// problem is when the selected step is not it.
import {Text} from 'ink';
import type {StepView} from '../run-state.js';

export function PaneHint({steps, selected}: {steps: StepView[]; selected: number}) {
	const step = steps[selected];
	if (!step) return null;
	const fixes = step.result?.fixes.length ?? 0;
	const problem = steps.findIndex(other => other.result?.status === 'fail') >= 0
		? steps.findIndex(other => other.result?.status === 'fail')
		: steps.findIndex(other => other.result?.status === 'warn');
	const distance = problem - selected;
	const where = problem < 0 || distance === 0 ? '' : ` · first problem: ${steps[problem]!.title} (${Math.abs(distance)} ${distance > 0 ? 'down' : 'up'})`;
	return (
		<Text dimColor wrap="truncate-end">
			⏎ opens {step.title}
			{fixes > 0 ? ` (${fixes} fix${fixes > 1 ? 'es' : ''})` : ''}
			{where}
		</Text>
	);
}
