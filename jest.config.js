// Two environments: the pure core, backend and CLI run under Node; the frontend plugins under jsdom.
process.env.TZ = 'UTC';

const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
  },
];

// ESM-only packages pulled in by @grafana/* and friends must go through SWC too.
const esmPackages = [
  '@grafana',
  '@wojtekmaj',
  'd3',
  'd3-[a-z-]+',
  'internmap',
  'delaunator',
  'robust-predicates',
  'ol',
  'marked',
  'react-colorful',
  'rxjs',
  'uuid',
  'apache-arrow',
  'flatbuffers',
  'yaml',
  'react-calendar',
  'get-user-locale',
  'memoize',
  'mimic-function',
];

const shared = {
  transform: { '^.+\\.(t|j)sx?$': swcTransform, '^.+\\.mjs$': swcTransform },
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: { '\\.(css|scss|sass)$': 'identity-obj-proxy' },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  // .cache/ holds downloaded packages (older @grafana/* for the API compatibility check, Node runtimes) and
  // build work; Jest's module map must not see a second @grafana/data there, nor its mocks.
  modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/dist/', '<rootDir>/bench/out/'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/{drift,backend,cli,tabular}/**/*.test.ts', '<rootDir>/demo/**/*.test.ts', '<rootDir>/provisioning/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'dom',
      testEnvironment: 'jest-environment-jsdom',
      setupFilesAfterEnv: ['<rootDir>/jest-setup.ts'],
      testMatch: ['<rootDir>/src/{app,datasource,panels,shared}/**/*.test.{ts,tsx}', '<rootDir>/src/*.test.{ts,tsx}'],
    },
  ],
};
