// At most `limit` tasks at once; the others wait in the order they came. One rule for every bounded fan-out of a
// run (networked git processes, real go processes).
export type Limited = <T>(task: () => Promise<T>) => Promise<T>;

export function limitConcurrency(limit: number): Limited {
	let running = 0;
	const waiting: Array<() => void> = [];
	return async <T>(task: () => Promise<T>): Promise<T> => {
		// A freed slot passes straight to the next waiter, so `running` counts it already.
		if (running >= limit) await new Promise<void>(resolve => waiting.push(resolve));
		else running++;
		try {
			return await task();
		} finally {
			const next = waiting.shift();
			if (next) next();
			else running--;
		}
	};
}
