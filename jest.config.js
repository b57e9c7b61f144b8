/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // tsconfig's isolatedModules makes ts-jest transpile file by file (fast); `npm run typecheck` checks types.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  setupFilesAfterEnv: ['aws-sdk-client-mock-jest', '<rootDir>/__tests__/setup/cdktf-matchers.ts'],
  // Zip hashes as placeholders: a handler change rewrites no construct snapshot (see the file).
  snapshotSerializers: ['<rootDir>/__tests__/setup/zip-hash-serializer.ts'],
  testTimeout: 120000,
  // Coverage when asked (`--coverage`: .ci/run asks), over the production code; the thresholds sit
  // just below what __tests__/handlers and __tests__/modules reach alone (the whole suite reaches more):
  // 93.25% statements, 76.9% branches, 93.73% functions, 95.17% lines, measured 2026-12-04.
  // The default (babel) provider: on the instance-quarantine handler suites it cost 18 CPU-s against
  // 14 without coverage, v8 27.
  collectCoverageFrom: ['handlers/**/*.ts', 'modules/**/*.ts'],
  coverageReporters: ['text-summary'],
  coverageThreshold: { global: { statements: 93, branches: 76, functions: 93, lines: 95 } },
  // The emulator and terraform suites spend most of their time waiting on terraform and the AWS
  // provider's waiters, not on the CPU: more workers than the 2 cores let them overlap the rest.
  // Three workers hold the minutes-long emulator suites (started first by the sequencer below),
  // which leaves two for every other suite.
  maxWorkers: 5,
  // The minutes-long emulator suites first, whatever jest's cache holds (see the file).
  testSequencer: '<rootDir>/__tests__/setup/slow-suites-first.mjs',
  // Every temporary file of the run in one folder, removed at the end (see global-setup.mjs).
  globalSetup: '<rootDir>/__tests__/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/__tests__/setup/global-teardown.mjs',
};
