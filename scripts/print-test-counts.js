// Prints jest's totals as the one plain line CI reads: "N passed, N failed".
// A run that never reached jest (lint, build or type errors) counts as one failure.
const fs = require('node:fs');

const file = process.argv[2];
let passed = 0;
let failed = 1;
if (file && fs.existsSync(file)) {
	const results = JSON.parse(fs.readFileSync(file, 'utf8'));
	passed = results.numPassedTests;
	failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
