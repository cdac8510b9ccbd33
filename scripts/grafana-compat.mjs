#!/usr/bin/env node
/**
 * Checks the Grafana versions our plugin.json files claim (`grafanaDependency`): every plugin module (the app,
 * the datasource, the panels) may use only those @grafana/data, @grafana/ui and @grafana/runtime APIs whose
 * types are the same in each claimed Grafana minor as in the version we build against. The comparison is
 * Grafana's own API compatibility checker, @grafana/levitate (its `is-compatible` command, driven here through
 * its library so that the plugin's sources are read once and each package version is fetched once).
 *
 * Usage: node scripts/grafana-compat.mjs      (needs the npm registry the first time; cached in .cache/)
 * Exit code 1 when a module uses an API that differs in a claimed version and is not accepted below.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'glob';
import { pluginEntries } from '../webpack.config.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'src');
const modulesRoot = path.join(root, '.cache', 'grafana-compat', 'modules.ts');

/** The first release of each Grafana minor we claim, oldest first: the first is plugin.json's lower bound. */
const CLAIMED_MINORS = ['12.3.0', '12.4.0', '13.0.0', '13.1.0', '13.2.0'];
const PACKAGES = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];

/**
 * Levitate compares a parameter's type by the text of the declaration it names. Grafana 13's declaration files
 * import types with TypeScript's `type` modifier (`import { type PanelMigrationHandler }`) where 12.x wrote
 * `import { PanelMigrationHandler }`, so every method taking such a type reads as changed although the type is the
 * same declaration. Such a finding says nothing about the API, and is counted but not failed.
 */
const TYPE_MODIFIER_ONLY = 'the parameter type differs only by the `type` import modifier in the declaration files';

function typeModifierOnly({ change }, { ChangeType, getFunctionParametersDiff, isFunction, isMethod }) {
  const callable = (symbol) => isFunction(symbol) || isMethod(symbol);
  if (!change || !callable(change.prev) || !callable(change.current)) {
    return false;
  }
  const diff = getFunctionParametersDiff({
    prev: { symbol: change.prev, program: change.prevProgram },
    current: { symbol: change.current, program: change.currentProgram },
  });
  const [prevText, currentText] = [diff?.prev, diff?.current].map((symbol) =>
    symbol?.declarations?.[0]?.getText().replace(/^type\s+/, ''),
  );
  return diff?.type === ChangeType.PARAMETER_TYPE && prevText !== undefined && prevText === currentText;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Every plugin.json must claim the same lower bound as CLAIMED_MINORS starts with, or this check proves nothing. */
function checkClaims() {
  const expected = `>=${CLAIMED_MINORS[0]}`;
  const wrong = globSync('**/plugin.json', { cwd: srcDir })
    .map((file) => ({
      file,
      claim: readJson(path.join(srcDir, file)).dependencies?.grafanaDependency,
    }))
    .filter(({ claim }) => claim !== expected);
  for (const { file, claim } of wrong) {
    console.error(`src/${file}: grafanaDependency is ${JSON.stringify(claim)}, this check covers ${expected}`);
  }
  return wrong.length === 0;
}

/** One file importing every plugin module, so the checker reads all their sources in one TypeScript program. */
function writeModulesRoot() {
  fs.mkdirSync(path.dirname(modulesRoot), { recursive: true });
  const imports = Object.values(pluginEntries()).map((entry) => {
    const relative = path.relative(path.dirname(modulesRoot), path.join(srcDir, entry)).replace(/\.tsx?$/, '');
    return `import '${relative.split(path.sep).join('/')}';\n`;
  });
  fs.writeFileSync(modulesRoot, imports.join(''));
  return modulesRoot;
}

function describeIncompatibility(incompatibility, getSymbolDiff) {
  const { sourceFile, codeIdentifier, name, change } = incompatibility;
  const line = sourceFile.getLineAndCharacterOfPosition(codeIdentifier.getStart()).line + 1;
  const where = `${path.relative(root, sourceFile.fileName)}:${line}`;
  if (!change) {
    return `removed: ${name} (used in ${where})`;
  }
  const diff = getSymbolDiff({
    prev: {
      key: change.prev.getName(),
      symbol: change.prev,
      program: change.prevProgram,
    },
    current: {
      key: change.current.getName(),
      symbol: change.current,
      program: change.currentProgram,
    },
  });
  return `changed: ${name} (used in ${where})${diff ? `\n${diff}` : ''}`;
}

/** The cache folder, without entries (`<scope>/<name>@<version>`) that lack their unpacked `package`. */
function prepareLevitateCache(folder) {
  for (const entry of globSync('*/*@*/', { cwd: folder })) {
    if (!fs.existsSync(path.join(folder, entry, 'package'))) {
      fs.rmSync(path.join(folder, entry), { recursive: true, force: true });
    }
  }
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}

async function main() {
  if (!checkClaims()) {
    return 1;
  }
  // As the is-compatible command does: each version's published types, fetched and unpacked outside the project
  // (below it, their imports would resolve to our node_modules and every version would look changed), kept between
  // runs. Levitate keeps them under the temporary folder and, with its cache on, trusts any tarball it finds there:
  // one whose unpacking was cut short (an interrupted run) would fail every later run, so the cache folder is ours
  // and incomplete entries are dropped first.
  process.env.TMPDIR = prepareLevitateCache(path.join(os.tmpdir(), 'mlops-monitor-levitate'));
  process.env.LEVITATE_CACHE = '1';
  const levitate = await import('@grafana/levitate');
  const { createTsProgram, getIncompatibilitiesBetweenPackages, getSymbolDiff } = levitate;
  const program = createTsProgram(writeModulesRoot());
  const installed = Object.fromEntries(
    PACKAGES.map((name) => [name, readJson(path.join(root, 'node_modules', name, 'package.json')).version]),
  );

  const checks = CLAIMED_MINORS.flatMap((version) =>
    PACKAGES.filter((name) => installed[name] !== version).map((name) => ({ version, name })),
  );
  // One after another: levitate unpacks each version into a folder named after it, and two comparisons that fetch
  // the same version at once (every check fetches the installed one) race on that folder ("Could not find type
  // definition file"), which a loaded CI machine hit.
  const results = [];
  for (const { version, name } of checks) {
    results.push(await getIncompatibilitiesBetweenPackages(program, `${name}@${installed[name]}`, `${name}@${version}`, {}));
  }

  let failures = 0;
  for (const version of CLAIMED_MINORS) {
    const found = checks.flatMap((check, i) =>
      check.version === version ? results[i].map((incompatibility) => ({ name: check.name, incompatibility })) : [],
    );
    if (!checks.some((check) => check.version === version)) {
      console.log(`Grafana ${version}: the version we build against`);
      continue;
    }
    const modifierOnly = found.filter(({ incompatibility }) => typeModifierOnly(incompatibility, levitate));
    const problems = found
      .filter((item) => !modifierOnly.includes(item))
      .map(
        ({ name, incompatibility }) =>
          `  ${name}@${version} ${describeIncompatibility(incompatibility, getSymbolDiff)}`,
      );
    failures += problems.length;
    console.log(`Grafana ${version}: ${problems.length === 0 ? 'compatible' : `${problems.length} incompatible`}`);
    if (modifierOnly.length > 0) {
      console.log(`  not counted: ${modifierOnly.length} uses where ${TYPE_MODIFIER_ONLY}`);
    }
    problems.forEach((problem) => console.log(problem));
  }
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
