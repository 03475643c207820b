// What --quiet shows of a repository run: only what fails. Apart from the plain writer, so that a quiet run with
// nothing to show (a hook's usual run) never loads that writer and its line wrapping (wrap-ansi: string-width
// builds an Intl.Segmenter, whose ICU data takes tens of milliseconds to load).
import type {Status} from '../engine/types.js';
import type {RepositoryResult} from '../repository/run.js';

export const failing = (status: Status) => status === 'fail';

/** True when --quiet prints nothing: no module, host, setting or own-module finding fails. */
export function quietShowsNothing(result: Pick<RepositoryResult, 'modules' | 'hosts' | 'settings' | 'own'>): boolean {
	return (
		!result.modules.some(module => failing(module.verdict)) &&
		!result.hosts.some(host => failing(host.verdict)) &&
		!result.settings.some(check => failing(check.status)) &&
		!(result.own ?? []).some(each => each.findings.some(finding => failing(finding.status)))
	);
}
