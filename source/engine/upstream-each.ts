// What a host-scoped step reads of the module-scoped steps upstream of it: every module on its host, not the one
// that happened to come first (repository mode runs many modules in one graph; docs in engine/types.ts Upstream).
import type {CheckData} from './check-data.js';
import type {CheckId, ModuleTarget, Upstream, UpstreamEntry} from './types.js';

/** `upstream.each(id)`, or outside a graph run the one answer there is, for the step's own module. */
export function eachUpstream<Reads extends CheckId, Id extends Reads>(upstream: Upstream<Reads>, id: Id, target: ModuleTarget): Array<UpstreamEntry<CheckData[Id]>> {
	if (upstream.each) return upstream.each(id);
	const result = upstream.result(id);
	const data = upstream.data(id);
	return result === undefined && data === undefined ? [] : [{target, ...(result ? {result} : {}), data}];
}
