// Two jest projects. `unit` (test/unit) is plain code against plain inputs: it starts nothing, so
// `npm run test:unit` answers in seconds. `servers` is everything else: DynamoDB Local and
// `sls offline --stage test` are started once for it, in global setup, and only when one of its files runs.
// `npm run jest` runs both.
const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.[cm]?[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
  // Middy and jose ship ESM only: let ts-jest turn them into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  moduleNameMapper: {
    '^#shared/(.*)$': '<rootDir>/shared/$1',
    '^@middy/([^/]+)$': '<rootDir>/node_modules/@middy/$1/index.js',
    // The framework's entry (config/serverless.cjs) compiles config/settings.ts with esbuild; jest loads TypeScript itself.
    '^(\\.\\./)+config/serverless\\.cjs$': '<rootDir>/config/settings.ts',
  },
  // The test stage's environment, read from its YAML (no server needed).
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // A run-wide option: jest-circus reads it from the global config, never from a project's.
  testTimeout: 30_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/test/unit'],
    },
    {
      ...shared,
      displayName: 'servers',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
