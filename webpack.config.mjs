// Builds the app and every nested plugin (each `src/**/plugin.json` with a sibling module.ts[x]) into dist/,
// following @grafana/create-plugin's layout: dist/module.js, dist/datasource/module.js, dist/panels/<name>/module.js.
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { globSync } from 'glob';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.join(root, 'src');
const distDir = path.join(root, 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const appPluginId = JSON.parse(fs.readFileSync(path.join(srcDir, 'plugin.json'), 'utf8')).id;

// Grafana provides these at runtime; bundling them would load a second React or @grafana/ui.
const grafanaProvided = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-router',
  'react-router-dom',
  'rxjs',
  'rxjs/operators',
  '@emotion/css',
  '@emotion/react',
  'lodash',
  'moment',
  'jquery',
  'd3',
  'i18next',
  '@grafana/data',
  '@grafana/ui',
  '@grafana/runtime',
  '@grafana/schema',
];
// Not in the list: @grafana/i18n. Grafana shares its i18next instance (above) but not @grafana/i18n, whose
// t() holds the plugin's own namespace: each plugin bundles its copy, as create-plugin's configuration does.

export function pluginEntries() {
  const entries = {};
  for (const pluginJson of globSync('**/plugin.json', { cwd: srcDir })) {
    const dir = path.dirname(pluginJson);
    const moduleFile = ['module.ts', 'module.tsx'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(path.join(srcDir, f)));
    if (moduleFile) {
      entries[dir === '.' ? 'module' : `${dir}/module`] = `./${moduleFile}`;
    }
  }
  return entries;
}

function stampPluginJson(content) {
  return content
    .toString()
    .replaceAll('%VERSION%', pkg.version)
    .replaceAll('%TODAY%', new Date().toISOString().slice(0, 10));
}

export default (env) => ({
  mode: env.production ? 'production' : 'development',
  devtool: env.production ? 'source-map' : 'eval-source-map',
  context: srcDir,
  entry: pluginEntries(),
  externalsType: 'amd',
  externals: grafanaProvided,
  output: {
    path: distDir,
    filename: '[name].js',
    library: { type: 'amd' },
    // Pinned to the app root so chunks of nested plugins resolve (nested modules share the app's folder).
    publicPath: `public/plugins/${appPluginId}/`,
    uniqueName: appPluginId,
    // The backend executables and the CLI are built by scripts/build-backend.mjs; keep them across rebuilds.
    clean: { keep: /(_linux_(amd64|arm64)$|^cli[\\/])/ },
  },
  resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx'] },
  module: {
    rules: [
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              parser: { syntax: 'typescript', tsx: true },
              transform: { react: { runtime: 'automatic' } },
              target: 'es2020',
            },
          },
        },
      },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(png|jpe?g|gif|svg)$/, type: 'asset/resource', generator: { filename: 'img/[hash][ext]' } },
    ],
  },
  plugins: [
    new CopyWebpackPlugin({
      patterns: [
        { from: '**/plugin.json', to: '[path][name][ext]', transform: stampPluginJson },
        { from: '**/img/**', to: '[path][name][ext]', noErrorOnMissing: true },
        // Only the plugins' own READMEs: Grafana shows them on the plugin pages. Other READMEs are for developers.
        { from: '{README.md,datasource/README.md,panels/*/README.md}', to: '[path][name][ext]', noErrorOnMissing: true },
        { from: '../LICENSE', to: '.', noErrorOnMissing: true },
        { from: '../CHANGELOG.md', to: '.', noErrorOnMissing: true },
        { from: 'dashboards/*.json', to: '[path][name][ext]', noErrorOnMissing: true },
        // Grafana loads each plugin's translations from locales/<language>/<plugin id>.json beside its plugin.json.
        { from: '**/locales/*/*.json', to: '[path][name][ext]', noErrorOnMissing: true },
      ],
    }),
  ],
  performance: { hints: false },
});
