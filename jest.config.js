/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // isolatedModules: type checking is `npm run typecheck`'s job; per-file transpiling keeps the suite fast.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
  },
  setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
  testTimeout: 120000,
};
