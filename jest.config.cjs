// One jest run: DynamoDB Local and `sls offline --stage test` are started once, in global setup.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.[cm]?[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
  // Middy and jose ship ESM only: let ts-jest turn them into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  moduleNameMapper: {
    '^#shared/(.*)$': '<rootDir>/shared/$1',
    '^@middy/([^/]+)$': '<rootDir>/node_modules/@middy/$1/index.js',
    // The framework's entry loads config/settings.ts through tsx; jest loads TypeScript itself.
    '^(\\.\\./)+config/serverless\\.cjs$': '<rootDir>/config/settings.ts',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 30_000,
};
