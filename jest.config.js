/** Jest runs the TypeScript sources directly (ts-jest, ESM). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // libphonenumber-js's ES build imports its metadata JSON without an import attribute, which jest warns
    // about on every test file (hundreds of lines per run); its CommonJS build is the same code.
    '^libphonenumber-js/min$': '<rootDir>/node_modules/libphonenumber-js/min/index.cjs',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // nock patches node:http for the whole worker; each file restores it (test/setup/isolate-http.ts).
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  setupFilesAfterEnv: ['<rootDir>/test/setup/async-context.ts', '<rootDir>/test/setup/isolate-http.ts'],
  testTimeout: 20000,
  // ESM test files leave their module graph behind in a worker (node:vm): a worker that has grown past
  // this is replaced before its next file, so a long suite never runs out of heap.
  workerIdleMemoryLimit: '700MB',
};
