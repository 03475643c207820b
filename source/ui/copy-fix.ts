// `c`: the selected fix's commands to the clipboard (OSC 52), and printed in the pane for terminals that ignore it.
import {osc52} from './clipboard.js';
import {selectedStep} from './run-state.js';
import type {SessionCore} from './session-core.js';
import type {SessionOptions} from './session-options.js';

export function copyFix(core: SessionCore, options: Pick<SessionOptions, 'redactor' | 'writeToTerminal'>): void {
	const fixes = selectedStep(core.state)?.result?.fixes ?? [];
	const fix = fixes[core.state.fixIndex] ?? fixes[0];
	if (!fix) {
		core.notice('info', 'This step has no fix to copy.');
		return;
	}
	if (fix.commands.length === 0) {
		core.notice('info', `"${fix.title}" has no command to copy: it needs a person${fix.link ? `; see ${fix.link}` : ''}.`);
		return;
	}
	const text = options.redactor.redact(fix.commands.join('\n'));
	if (options.writeToTerminal) {
		options.writeToTerminal(osc52(text));
		core.notice('success', 'Sent to the clipboard (OSC 52). If your terminal ignores that, copy it from here:', fix.commands);
	} else {
		core.notice('info', 'This terminal cannot take a clipboard request; copy the command from here:', fix.commands);
	}
}
