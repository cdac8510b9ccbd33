/**
 * Bundles the browser harness (React, @grafana/ui and @grafana/data included) into test-output/harness/.
 * Run with `npx tsx tests/browser/build.ts`; tests/browser/run.ts calls it too.
 */
import { build, Plugin } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const HARNESS_DIR = path.resolve(__dirname, '../../test-output/harness');

const PAGE = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>ML Monitor panels harness</title>
    <link rel="stylesheet" href="harness.css" />
    <style>body { margin: 0; }</style>
    <!-- Grafana writes this before loading plugins; @grafana/runtime reads it (the harness stands in for Grafana). -->
    <script>window.grafanaBootData = { assets: { dark: '', light: '' }, settings: {}, user: {}, navTree: [] };</script>
  </head>
  <body>
    <div id="root"></div>
    <script src="harness.js"></script>
  </body>
</html>
`;

/** The panels' data error view resolves to the harness's stand-in for Grafana's (harness/runtimeForPanels.tsx). */
const panelDataErrorView: Plugin = {
  name: 'panel-data-error-view',
  setup(pluginBuild) {
    const errorView = path.resolve(__dirname, '../../src/panels/shared/DataErrorView.tsx');
    pluginBuild.onResolve({ filter: /^@grafana\/runtime$/ }, (args) =>
      args.importer === errorView ? { path: path.resolve(__dirname, 'harness/runtimeForPanels.tsx') } : undefined
    );
  },
};

export async function buildHarness(): Promise<string> {
  await mkdir(HARNESS_DIR, { recursive: true });
  await build({
    entryPoints: { harness: path.resolve(__dirname, 'harness/index.tsx') },
    outdir: HARNESS_DIR,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    plugins: [panelDataErrorView],
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
  });
  await writeFile(path.join(HARNESS_DIR, 'index.html'), PAGE);
  return HARNESS_DIR;
}

if (require.main === module) {
  buildHarness().then(
    (dir) => console.log(`harness built in ${dir}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    }
  );
}
