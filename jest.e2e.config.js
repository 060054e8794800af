/**
 * The end-to-end suite: a real n8n (installed by the suite into .n8n-runtime/) with this package
 * installed from its packed tarball, the TwelveLabs emulator, and a real browser.
 * Run with `npm run test:e2e`; `npm test` (jest.config.js) never picks these files up.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/setup/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/setup/globalTeardown.ts',
	testSequencer: '<rootDir>/test/e2e/setup/sequencer.js',
	// One shared n8n on a two-core machine: files run one after another.
	maxWorkers: 1,
	testTimeout: 180000,
	slowTestThreshold: 60,
	reporters: ['default', '<rootDir>/scripts/e2e-counts-reporter.js'],
};
