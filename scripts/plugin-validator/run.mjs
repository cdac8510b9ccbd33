#!/usr/bin/env node
/**
 * Runs Grafana's official plugin validator (plugincheck2, github.com/grafana/plugin-validator) on the packaged
 * plugin and fails on any finding that findings.mjs does not list as one that cannot apply to this plugin.
 *
 * Usage: node scripts/plugin-validator/run.mjs <archive.zip>
 *   PLUGINCHECK2=<path>  a plugincheck2 executable to use; otherwise the pinned version is installed with
 *                        `go install` into .cache/go-bin (needs the Go module proxy to serve it).
 *
 * Some analyzers fetch from grafana.com or GitHub. Where the network does not reach them the validator stops at
 * the first such analyzer and reports nothing for the rest, so after a run that stopped early every analyzer is
 * run on its own (`-analyzer`); those that still cannot run must be listed in NEEDS_NETWORK.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYZERS, findingsOf, judge } from './findings.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VALIDATOR_VERSION = 'v0.45.6';
const VALIDATOR_MODULE = 'github.com/grafana/plugin-validator/pkg/cmd/plugincheck2';
const goBin = path.join(root, '.cache', 'go-bin');

function validatorExecutable() {
  if (process.env.PLUGINCHECK2) {
    return process.env.PLUGINCHECK2;
  }
  const installed = path.join(goBin, 'plugincheck2');
  const stamp = path.join(goBin, 'plugincheck2.version');
  if (fs.existsSync(installed) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === VALIDATOR_VERSION) {
    return installed;
  }
  const go = ['/usr/local/go/bin/go', 'go'].find((candidate) => spawnSync(candidate, ['version']).status === 0);
  if (!go) {
    return { unavailable: 'no Go toolchain' };
  }
  const install = spawnSync(go, ['install', `${VALIDATOR_MODULE}@${VALIDATOR_VERSION}`], {
    env: { ...process.env, GOBIN: goBin },
    encoding: 'utf8',
  });
  if (install.status !== 0) {
    const firstLine = install.stderr.split('\n').find((line) => line.trim() !== '') ?? `exit ${install.status}`;
    return { unavailable: `go install ${VALIDATOR_MODULE}@${VALIDATOR_VERSION} failed: ${firstLine.trim()}` };
  }
  fs.writeFileSync(stamp, VALIDATOR_VERSION);
  return installed;
}

/**
 * One validator run: its findings (JSON written to a file) and the error its debug log says stopped it. The
 * validator unpacks the archive (250 MB) into the temporary folder and leaves it there when it exits, so each run
 * gets a folder of its own, removed afterwards.
 */
function runValidator({ executable, archive, sourceDir }, analyzer) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugincheck-'));
  const outFile = path.join(workDir, 'out.json');
  const args = ['-jsonOutput', '-output-to-file', outFile, '-sourceCodeUri', `file://${sourceDir}`];
  args.push(...(analyzer ? ['-analyzer', analyzer] : []), archive);
  try {
    const run = spawnSync(executable, args, {
      env: { ...process.env, DEBUG: '1', TMPDIR: workDir },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const log = `${run.stdout}\n${run.stderr}`;
    if (!fs.existsSync(outFile)) {
      throw new Error(`plugincheck2 ${args.join(' ')} wrote no results (exit ${run.status}):\n${log.slice(-2000)}`);
    }
    const failure = log.match(/^\[DEBUG\] check failed: (.*)$/m)?.[1];
    return { findings: findingsOf(JSON.parse(fs.readFileSync(outFile, 'utf8'))), failure };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Every analyzer's findings, and the analyzers that could not run with the reason the validator gave. */
function validate(target) {
  const all = runValidator(target);
  if (!all.failure) {
    return { findings: all.findings, notRun: new Map() };
  }
  // The run stopped at the first analyzer that could not fetch what it needs, and its log cannot tell which
  // analyzers finished: each one is run on its own.
  const runs = ANALYZERS.map((analyzer) => [analyzer, runValidator(target, analyzer)]);
  const findings = runs.flatMap(([, run]) => run.findings);
  const unique = new Map(findings.map((f) => [`${f.analyzer}\n${f.name}\n${f.title}`, f]));
  const notRun = new Map(runs.filter(([, run]) => run.failure).map(([analyzer, run]) => [analyzer, run.failure]));
  return { findings: [...unique.values()], notRun };
}

function main() {
  const archive = process.argv[2];
  if (!archive || !fs.existsSync(archive)) {
    console.error('usage: node scripts/plugin-validator/run.mjs <archive.zip> (npm run package writes one)');
    return 2;
  }
  const executable = validatorExecutable();
  if (typeof executable !== 'string') {
    console.log(`plugin validator NOT RUN: ${executable.unavailable}`);
    return process.env.REQUIRE_PLUGIN_VALIDATOR === '1' ? 1 : 0;
  }
  // The validator compares the archive's source maps with the source it is given: the committed tree, which in a
  // fresh clone (CI) is what was built.
  const sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugincheck-source-'));
  const exported = spawnSync('sh', ['-c', 'git archive HEAD | tar -x -C "$1"', 'sh', sourceDir], { cwd: root });
  if (exported.status !== 0) {
    console.error(`plugin validator: could not export the committed source: ${exported.stderr}`);
    return 1;
  }
  const { problems, notes } = judge(validate({ executable, archive: path.resolve(archive), sourceDir }));
  fs.rmSync(sourceDir, { recursive: true, force: true });
  notes.forEach((note) => console.log(note));
  problems.forEach((problem) => console.log(`FINDING ${problem}`));
  console.log(
    `plugin validator: ${problems.length} finding(s) to fix, ${notes.length} that cannot apply or need network`,
  );
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = main();
