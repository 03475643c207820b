// A problem of this machine's setup that stops a step (no usable temporary directory): said as it is, not as a
// bug of the tool. The scheduler turns it into a failed step with this message.
export class EnvironmentProblem extends Error {
	override name = 'EnvironmentProblem';
}
