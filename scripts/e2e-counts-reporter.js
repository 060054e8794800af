// Jest reporter for the e2e suite: ends the run with its own plain totals line, e.g.
// "e2e: 31 passed, 0 failed, 2 skipped", after jest's summary.
class E2eCountsReporter {
	onRunComplete(_contexts, results) {
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		process.stdout.write(`\ne2e: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests} skipped\n`);
	}
}
module.exports = E2eCountsReporter;
