#!/usr/bin/env node
/**
 * Entry point of `mldrift`. `main(argv, io)` returns the exit code and never throws, so tests call it in-process
 * with fake streams; the process only exits here, when the file is run directly.
 */
import { BASELINE_BUILD_HELP, baselineBuild } from './commands/baselineBuild';
import { compare } from './commands/compare';
import { EXIT } from './errors';
import { InputError, errorMessage } from '../tabular/inputError';
import { printable } from './format';
import type { CliIo } from './io';

export const MAIN_HELP = `Usage: mldrift <command> [options]

Commands:
  baseline build   build a baseline document from a training file (CSV, TSV, JSON Lines or a JSON array)
  compare          compare current data with a baseline (or a reference file), feature by feature

Run "mldrift <command> --help" for the options of a command.
Exit codes: 0 success, 1 internal error, 2 bad input or usage, 3 drift found with --fail-on-drift.
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr.write(`mldrift: ${printable(error.message)}\n`);
      return EXIT.badInput;
    }
    io.stderr.write(`mldrift: internal error: ${printable(errorMessage(error))}\n`);
    return EXIT.internal;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(MAIN_HELP);
    return command === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (command === 'baseline') {
    const [sub, ...options] = rest;
    if (sub === 'build') {
      return baselineBuild(options, io);
    }
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.stdout.write(BASELINE_BUILD_HELP);
      return sub === undefined ? EXIT.badInput : EXIT.ok;
    }
    throw new InputError(`unknown command "baseline ${sub}" (did you mean "baseline build"?)`);
  }
  if (command === 'compare') {
    return compare(rest, io);
  }
  throw new InputError(`unknown command ${JSON.stringify(command)} (commands: baseline build, compare; see mldrift --help)`);
}

/**
 * Run as a program (tsx src/cli/main.ts, the bundled dist/cli/mldrift.js, or the npm bin link), not imported by a
 * test. Decided by the script name so it works the same in CommonJS, ESM and the esbuild bundle.
 */
function runDirectly(): boolean {
  return /(?:^|[\\/])(?:main\.ts|mldrift(?:\.[cm]?js)?)$/.test(process.argv[1] ?? '');
}

if (runDirectly()) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}
