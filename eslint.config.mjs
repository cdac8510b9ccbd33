import grafanaConfig from '@grafana/eslint-config/flat.js';

export default [
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-output/**', '.cache/**', 'bench/out/**', '**/*.py'] },
  ...grafanaConfig,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      'react/prop-types': 'off',
      'react/react-in-jsx-scope': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-deprecated': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly' } },
  },
];
