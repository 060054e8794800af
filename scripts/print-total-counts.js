// Sums the totals of several jest --json result files into the one plain line CI reads:
// "N passed, N failed". A missing file (a run that never reached jest) counts as one failure.
const fs = require('node:fs');

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
	if (!fs.existsSync(file)) {
		failed += 1;
		continue;
	}
	const results = JSON.parse(fs.readFileSync(file, 'utf8'));
	passed += results.numPassedTests;
	failed += results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
