// Runs the e2e files in a fixed order: quick load checks first, the queue-mode cluster after the
// single-process files, the previous-major check last (its n8n installs in the background
// meanwhile), any new file before it.
const Sequencer = require('@jest/test-sequencer').default;

const ORDER = ['load', 'examples', 'trigger', 'editor', 'streaming', 'queue'];
const LAST = ['previous-major'];

function rank(path) {
	const name = path.split('/').pop().replace(/\.e2e\.ts$/, '');
	if (LAST.includes(name)) return 1000 + LAST.indexOf(name);
	const index = ORDER.indexOf(name);
	return index === -1 ? ORDER.length : index;
}

class E2eSequencer extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
	}
}

module.exports = E2eSequencer;
