#!/usr/bin/env node
/**
 * Packs the built plugin (`npm run build` first) as Grafana installs it: `mlops-monitor-app-<version>.zip` whose
 * only top folder is the plugin id, holding dist/ with the nested datasource and panels under it. Debian's `zip`
 * writes it, keeping the executables' run bits; `zipinfo` reads it back to check that. The mldrift CLI, also built
 * into dist/, is not part of the plugin. Unsigned, so no MANIFEST.txt.
 *
 * Usage: node scripts/package.mjs   → prints the archive's path
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist');
const stagingDir = path.join(root, '.cache', 'package');
/** Built into dist/ beside the plugin but not a part of it. */
const NOT_PACKED = ['cli'];

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

/** Runs a Debian tool, saying which package brings it when it is missing. */
function run(tool, debianPackage, args, options) {
  try {
    return execFileSync(tool, args, options);
  } catch (error) {
    if (error.code === 'ENOENT') {
      fail(`${tool} is not installed (Debian package ${debianPackage})`);
    }
    throw error;
  }
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The app's plugin.json and those it includes, as paths inside dist/. */
function pluginJsonFiles(app) {
  const nested = (app.includes ?? []).filter((include) => include.path?.endsWith('plugin.json'));
  return ['plugin.json', ...nested.map((include) => include.path)];
}

/** What must hold in dist/ before it is worth packing. */
function checkDist(app, version) {
  for (const file of pluginJsonFiles(app)) {
    const text = fs.readFileSync(path.join(distDir, file), 'utf8');
    if (/%[A-Z]+%/.test(text)) {
      fail(`dist/${file} still has a ${text.match(/%[A-Z]+%/)[0]} placeholder: rebuild with npm run build`);
    }
    if (JSON.parse(text).info?.version !== version) {
      fail(`dist/${file} has version ${JSON.parse(text).info?.version}, package.json ${version}: rebuild`);
    }
  }
}

/** Each backend executable a plugin.json names, as `<dir>/<executable>_linux_<arch>` inside the archive. */
function executables(app, id) {
  return pluginJsonFiles(app).flatMap((file) => {
    const { executable } = readJson(path.join(distDir, file));
    if (!executable) {
      return [];
    }
    const dir = path.posix.join(id, path.posix.dirname(file));
    const found = fs
      .readdirSync(path.join(distDir, path.dirname(file)))
      .filter((name) => name.startsWith(`${executable}_`));
    if (found.length === 0) {
      fail(`dist/${file} names the executable ${executable} but dist/ has none: npm run build:backend`);
    }
    return found.map((name) => path.posix.join(dir, name));
  });
}

/** Reads the archive back: one top folder named by the id, the app's plugin.json, executables with run bits. */
function checkArchive(zipFile, id, runnable) {
  const entries = run('zipinfo', 'unzip', ['-l', zipFile], { encoding: 'utf8', maxBuffer: 1 << 24 })
    .split('\n')
    .map((line) => line.match(/^([-dl][rwxsStT-]{9})\s.*\s(\S+)$/))
    .filter((match) => match !== null)
    .map(([, mode, name]) => ({ mode, name }));
  const outside = entries.filter(({ name }) => !name.startsWith(`${id}/`));
  if (outside.length > 0) {
    fail(`${outside[0].name} is outside the top folder ${id}/`);
  }
  if (!entries.some(({ name }) => name === `${id}/plugin.json`)) {
    fail(`${id}/plugin.json is missing from the archive`);
  }
  for (const name of runnable) {
    const entry = entries.find((e) => e.name === name);
    if (!entry || entry.mode !== '-rwxr-xr-x') {
      fail(`${name} is ${entry ? entry.mode : 'missing'} in the archive; Grafana needs -rwxr-xr-x`);
    }
  }
  return entries.length;
}

function main() {
  if (!fs.existsSync(path.join(distDir, 'plugin.json'))) {
    fail('dist/plugin.json is missing: run npm run build first');
  }
  const app = readJson(path.join(distDir, 'plugin.json'));
  const { version } = readJson(path.join(root, 'package.json'));
  checkDist(app, version);
  const runnable = executables(app, app.id);
  for (const name of runnable) {
    fs.chmodSync(path.join(distDir, path.posix.relative(app.id, name)), 0o755);
  }

  // The archive's top folder must be named by the id: a link of that name to dist/ (zip follows it) avoids
  // copying the 250 MB of executables.
  fs.rmSync(stagingDir, { recursive: true, force: true });
  fs.mkdirSync(stagingDir, { recursive: true });
  fs.symlinkSync(distDir, path.join(stagingDir, app.id));
  const zipFile = path.join(root, `${app.id}-${version}.zip`);
  fs.rmSync(zipFile, { force: true });
  const excluded = NOT_PACKED.flatMap((dir) => ['-x', `${app.id}/${dir}/*`]);
  run('zip', 'zip', ['-q', '-r', '-X', zipFile, app.id, ...excluded], { cwd: stagingDir, stdio: 'inherit' });
  fs.rmSync(stagingDir, { recursive: true, force: true });

  const count = checkArchive(zipFile, app.id, runnable);
  const size = (fs.statSync(zipFile).size / 2 ** 20).toFixed(1);
  console.error(`package: ${count} entries, ${size} MiB, executables ${runnable.length} with run bits`);
  console.log(path.relative(process.cwd(), zipFile));
}

main();
