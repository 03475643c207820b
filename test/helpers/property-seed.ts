// fast-check's seed for every property test, loaded into each test process by scripts/test.mjs: fixed in CI, so that
// a red CI is a regression and never an input drawn for the first time; random elsewhere, so local runs keep
// exploring. FC_SEED=N replays the seed fast-check printed with a failure.
import fc from 'fast-check';

const seed = process.env['FC_SEED'] ?? (process.env['CI'] ? '20261207' : undefined);
if (seed !== undefined) {
	if (!/^-?\d+$/.test(seed)) throw new Error(`FC_SEED must be an integer, not ${JSON.stringify(seed)}`);
	fc.configureGlobal({seed: Number(seed)});
}
