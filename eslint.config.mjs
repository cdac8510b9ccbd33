import grafanaConfig from '@grafana/eslint-config/flat.js';
import grafanaI18nPlugin from '@grafana/i18n/eslint-plugin';

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
    // The panels' user-facing text goes through @grafana/i18n (scripts/panel-locales.ts builds their catalogues).
    files: ['src/panels/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', 'src/panels/shared/{testing,recordingContext,optionEditors,withoutCanvas}.ts'],
    plugins: { '@grafana/i18n': grafanaI18nPlugin },
    rules: {
      '@grafana/i18n/no-untranslated-strings': ['error', { calleesToIgnore: ['^css$', 'use[A-Z].*'] }],
      '@grafana/i18n/no-translation-top-level': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly' } },
  },
];
