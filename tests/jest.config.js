// Integration tests: they start real processes (the built plugin executable, Prometheus), so they run in
// Node, serially per file, with generous timeouts. Build first: `npm run build:backend`.
process.env.TZ = 'UTC';

const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
    '^.+\\.mjs$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' } }],
  },
  transformIgnorePatterns: ['node_modules/(?!(apache-arrow|flatbuffers)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Downloaded packages and build output (see the root jest.config.js).
  modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/dist/', '<rootDir>/bench/out/'],
  testTimeout: 60_000,
  // Stops the OpenSearch node the Elasticsearch tests started (if any): nothing outlives the run.
  globalTeardown: '<rootDir>/tests/elasticsearch/sharedNode.ts',
  maxWorkers: 1,
};
