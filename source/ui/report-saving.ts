// The redacted Markdown report of a run: written after every complete run with --report FILE, and on `s`.
import {join} from 'node:path';
import type {RunResult} from '../engine/types.js';
import {isRunning} from './run-state.js';
import {messageOf, type SessionCore} from './session-core.js';
import {defaultReportFile, type SessionOptions} from './session-options.js';

export class ReportSaving {
	readonly #core: SessionCore;
	readonly #options: SessionOptions;

	constructor(core: SessionCore, options: SessionOptions) {
		this.#core = core;
		this.#options = options;
	}

	/** `s`: writes the report of the latest complete run and says where. */
	save(): void {
		const result = this.#core.state.result;
		if (!result || isRunning(this.#core.state)) {
			this.#core.notice('info', 'Steps are still running: the report is saved once they finish.');
			return;
		}
		void this.#core.track(this.write(this.#options.reportFile ?? join(this.#options.cwd, defaultReportFile), result));
	}

	/** After a complete run: the --report file, when one was given. */
	async afterRun(result: RunResult): Promise<void> {
		if (this.#options.reportFile) await this.write(this.#options.reportFile, result);
	}

	async write(path: string, result: RunResult): Promise<void> {
		const render = this.#options.renderReport;
		if (!render) {
			this.#core.notice('error', 'The report writer is not available in this build.');
			return;
		}
		try {
			const text = this.#options.redactor.redact(await render(result));
			const written = await this.#options.writeFile(path, text);
			this.#core.notice('success', `Report saved to ${written} (redacted: tokens are masked).`);
		} catch (error) {
			this.#core.notice('error', `Could not save the report to ${path}: ${messageOf(error)}`);
		}
	}
}
