/**
 * Command-line parsing on top of `node:util` parseArgs, turning every mistake into an InputError (exit 2) with
 * the option named, and converting option values (numbers, lists, edges) with their own checks.
 */
import { parseArgs } from 'node:util';

import { InputError, errorMessage } from '../tabular/inputError';
import { parseUpperBounds } from '../drift/baseline/edges';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** Other spellings of an option, each mapped to its main name (the one the help shows). */
export type OptionAliases = Readonly<Record<string, string>>;

export interface ParsedOptions {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
}

/** A token that is a negative number (or a list starting with one), not an option: -2, -0.5, -.5, -1e3,-2. */
const NEGATIVE_NUMBER = /^-\.?\d/;

/**
 * Parses `argv` strictly. Before `parseArgs` sees them, aliases become their main name and a negative number
 * after a string option is joined to it (`--edges -2,-1` as `--edges=-2,-1`): parseArgs refuses a value that
 * starts with "-" as ambiguous, yet no option name starts with a digit, so such a token is always a value.
 * Empty values are refused for every option: none of them means anything empty.
 */
export function parseOptions(argv: readonly string[], spec: OptionSpec, command: string, aliases: OptionAliases = {}): ParsedOptions {
  let values: ParsedOptions['values'];
  try {
    values = parseArgs({ args: normalisedArgs(argv, spec, aliases), options: spec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new InputError(`${command}: ${errorMessage(error)} (see mldrift ${command} --help)`);
  }
  for (const [name, value] of Object.entries(values)) {
    const given = Array.isArray(value) ? value : [value];
    if (given.some((item) => typeof item === 'string' && item.trim() === '')) {
      throw new InputError(`${command}: --${name} is empty (see mldrift ${command} --help)`);
    }
  }
  return { values };
}

function normalisedArgs(argv: readonly string[], spec: OptionSpec, aliases: OptionAliases): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const option = /^--([^=]+)(=[\s\S]*)?$/.exec(argv[i]);
    if (option === null) {
      args.push(argv[i]);
      continue;
    }
    const name = aliases[option[1]] ?? option[1];
    const next = argv[i + 1];
    if (option[2] === undefined && spec[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      args.push(`--${name}=${next}`);
      i++;
    } else {
      args.push(`--${name}${option[2] ?? ''}`);
    }
  }
  return args;
}

export function stringOption(options: ParsedOptions, name: string): string | undefined {
  const value = options.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredString(options: ParsedOptions, name: string, command: string): string {
  const value = stringOption(options, name);
  if (value === undefined) {
    throw new InputError(`${command}: --${name} is required (see mldrift ${command} --help)`);
  }
  return value;
}

export function flag(options: ParsedOptions, name: string): boolean {
  return options.values[name] === true;
}

/** Comma-separated names; repeating the option adds to the list. */
export function listOption(options: ParsedOptions, name: string): string[] | undefined {
  const value = options.values[name];
  const raw = typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : undefined;
  if (raw === undefined) {
    return undefined;
  }
  return raw.flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}

export function integerOption(options: ParsedOptions, name: string, minimum: number, maximum: number): number | undefined {
  const value = stringOption(options, name);
  if (value === undefined) {
    return undefined;
  }
  const parsed = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(parsed) || parsed < minimum || parsed > maximum) {
    throw new InputError(`--${name}: expected a whole number from ${minimum} to ${maximum}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

export function fractionOption(options: ParsedOptions, name: string, open: boolean): number | undefined {
  const value = stringOption(options, name);
  if (value === undefined) {
    return undefined;
  }
  const parsed = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(parsed) && (open ? parsed > 0 && parsed < 1 : parsed > 0 && parsed <= 1);
  if (!ok) {
    throw new InputError(`--${name}: expected a number in ${open ? '(0, 1)' : '(0, 1]'}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

export function nonNegativeOption(options: ParsedOptions, name: string): number | undefined {
  const value = stringOption(options, name);
  if (value === undefined) {
    return undefined;
  }
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) {
    throw new InputError(`--${name}: expected a non-negative number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

export interface EdgesOption {
  all?: number[];
  byColumn: Map<string, number[]>;
}

/**
 * `--edges 1,2,5` (every numeric column) or `--edges age=18,30,65` (one column), repeatable. Bounds must be
 * finite and strictly increasing: they become the histogram's upper bounds.
 */
export function edgesOption(options: ParsedOptions): EdgesOption | undefined {
  const value = options.values.edges;
  if (value === undefined) {
    return undefined;
  }
  const specs = Array.isArray(value) ? value.map(String) : [String(value)];
  const result: EdgesOption = { byColumn: new Map() };
  for (const spec of specs) {
    const equals = spec.lastIndexOf('=');
    const column = equals >= 0 ? spec.slice(0, equals).trim() : undefined;
    const bounds = parseBounds(equals >= 0 ? spec.slice(equals + 1) : spec, spec);
    if (column === undefined) {
      result.all = bounds;
    } else if (column === '') {
      throw new InputError(`--edges ${JSON.stringify(spec)}: missing column name before "="`);
    } else {
      result.byColumn.set(column, bounds);
    }
  }
  return result;
}

function parseBounds(text: string, spec: string): number[] {
  const parsed = parseUpperBounds(text);
  if (!parsed.ok) {
    throw new InputError(`--edges ${JSON.stringify(spec)}: ${parsed.problem}`);
  }
  return parsed.bounds;
}
