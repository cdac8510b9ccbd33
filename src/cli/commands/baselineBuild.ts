/** `mldrift baseline build`: a baseline document from a training file, plus bucket edges for instrumentation. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

import {
  OptionSpec,
  ParsedOptions,
  edgesOption,
  flag,
  integerOption,
  listOption,
  parseOptions,
  requiredString,
  stringOption,
} from '../args';
import { buildBaselineFromFile } from '../../tabular/buildBaseline';
import { EXIT } from '../errors';
import { InputError, errorMessage } from '../../tabular/inputError';
import { bucketSnippets, printable } from '../format';
import type { CliIo } from '../io';
import { terminalProgress } from '../progress';
import { MAX_JSON_ARRAY_BYTES } from '../../tabular/readers';
import { checkIdParts } from '../../drift/baseline/baselineId';
import { BUILD_DEFAULTS, validateBaseline } from '../../drift/baseline';
import { BUILD_LIMITS } from '../../drift/baseline/limits';
import { DEFAULT_BASELINE_SCORE_EDGES, type ScoreTallyOptions } from '../../drift/baseline/scoreTally';
import { checkScoreFields, CLI_SCORE_FIELDS } from '../../drift/baseline/scoreFields';
import type { SegmentTallyOptions } from '../../drift/baseline/segmentTally';
import { UNSUITABLE_HELP } from '../reference';
import { bucketSelector, EDGES_FROM_HELP, EDGES_FROM_OPTIONS, edgesFromOptions, fetchExportedEdges, type EdgesFromSpec } from '../edgesFrom';

export const BASELINE_BUILD_HELP = `Usage: mldrift baseline build --input FILE --output baseline.json [options]

Builds a baseline document (reference distributions) from a training file in two streaming passes (memory does
not grow with the file): pass 1 infers column kinds, exact summaries and quantile edges, pass 2 counts every
bucket and category exactly. Pass 1 of a CSV keeps the numbers it read in a temporary file (8 bytes a value, in
the system temporary directory, removed at once), so that when every column is numeric pass 2 reads those
instead of parsing the text again; otherwise pass 2 reads the input again.

  --input FILE           training data: .csv (RFC 4180, header row), .tsv, .jsonl/.ndjson (one object per line),
                         or .json (one array of flat objects, read whole: at most ${MAX_JSON_ARRAY_BYTES / 1024 / 1024} MiB)
  --output FILE          where to write the baseline JSON
  --columns a,b          feature columns to keep (default: all but --prediction/--label; --column is the same)
  --categorical c,d      read these columns as categories even when every value is numeric
  --bins N               N buckets of equal reference mass per numeric column (default ${BUILD_DEFAULTS.bins}, ${BUILD_LIMITS.bins.min} to ${BUILD_LIMITS.bins.max})
  --edges 1,2,5          explicit bucket upper bounds for every numeric column, or
  --edges col=1,2,5      for one column (repeatable); buckets are right-closed, +Inf is implicit
${EDGES_FROM_HELP}
  --max-categories N     categories kept per column before the rest count as (other) (default ${BUILD_DEFAULTS.maxCategories})
  --chunks K             reference chunks for data-driven thresholds (default ${BUILD_DEFAULTS.chunks})
  --model NAME           model name stored in the baseline (default: the input file name)
  --version V            model version stored in the baseline (default "unversioned")
  --prediction COL       column holding the model's predictions (stored as the prediction distribution: a numeric
                         one, such as a score or a regression output, as a histogram on the same edge rules as
                         the features, so --bins, --edges and --edges-from apply to it)
  --label COL            column holding the true labels (stored as the label distribution)
  --score COL            a binary classifier's predicted probability of the positive class: stored as score
                         histograms by actual class (needs --label), the reference for ROC AUC, PR AUC,
                         calibration and CBPE. Not a feature unless named in --columns. Scores must lie in [0, 1];
                         rows without a label or score, or with a NaN/Inf score, are counted and reported
  --positive-class V     the label value counted as positive (others are negative); without it the label must
                         have exactly two values and the greater one (numerically, else in text order) is positive
  --score-edges 0.1,0.5  score bucket upper bounds (default deciles: ${DEFAULT_BASELINE_SCORE_EDGES.join(',')}); fixed
                         edges, not the features' equal-mass ones: give the live score histogram's buckets
  --segment COL          also keep the distributions of each of COL's most frequent values (region, tenant,
                         device), on the same edges and categories: a drift query segmented by a label or field
                         named COL compares each live segment with its own (see the README's "Segments"). Not
                         a feature unless named in --columns; rows without a value count in the shared ones only
  --segment-limit N      how many of COL's values to keep, the most rows first (default ${BUILD_DEFAULTS.segmentLimit}, ${BUILD_LIMITS.segmentLimit.min} to ${BUILD_LIMITS.segmentLimit.max})
  --keep-identifiers     keep identifier-like and date/time columns (left out unless named in --columns)
  -h, --help             this help

A column is numeric when every non-empty value is a number (NaN and Inf count as numbers, and are counted
apart); otherwise categorical. Empty cells, NA, N/A, null and None are counted as missing.

${UNSUITABLE_HELP}
Prints the numeric bucket bounds ready to paste into prometheus_client (buckets=[...]) or prom-client.
Exit codes: 0 written, 2 bad input.
`;

const OPTIONS: OptionSpec = {
  input: { type: 'string' },
  output: { type: 'string' },
  columns: { type: 'string', multiple: true },
  categorical: { type: 'string', multiple: true },
  bins: { type: 'string' },
  edges: { type: 'string', multiple: true },
  'max-categories': { type: 'string' },
  chunks: { type: 'string' },
  model: { type: 'string' },
  version: { type: 'string' },
  prediction: { type: 'string' },
  label: { type: 'string' },
  score: { type: 'string' },
  'positive-class': { type: 'string' },
  'score-edges': { type: 'string' },
  segment: { type: 'string' },
  'segment-limit': { type: 'string' },
  'keep-identifiers': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...EDGES_FROM_OPTIONS,
};

const COMMAND = 'baseline build';
const ALIASES = { column: 'columns' } as const;

export async function baselineBuild(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseOptions(argv, OPTIONS, COMMAND, ALIASES);
  if (flag(options, 'help')) {
    io.stdout.write(BASELINE_BUILD_HELP);
    return EXIT.ok;
  }
  const input = requiredString(options, 'input', COMMAND);
  const output = requiredString(options, 'output', COMMAND);
  const edges = edgesOption(options);
  const bins = integerOption(options, 'bins', BUILD_LIMITS.bins.min, BUILD_LIMITS.bins.max);
  if (bins !== undefined && edges !== undefined) {
    throw new InputError(`${COMMAND}: give --bins or --edges, not both`);
  }
  const prediction = stringOption(options, 'prediction');
  const label = stringOption(options, 'label');
  const scores = scoreOptions(options, label);
  const segment = segmentOptions(options);
  const model = stringOption(options, 'model');
  const version = stringOption(options, 'version') ?? 'unversioned';
  const identity = checkedIdentity(model ?? path.basename(input), version, model === undefined);
  const edgesFrom = edgesFromOptions(options, identity);
  if (edgesFrom !== undefined && edges !== undefined) {
    throw new InputError(`${COMMAND}: give --edges or --edges-from, not both`);
  }
  // Asked before reading the input, so a wrong URL or selector fails fast.
  const exported = edgesFrom ? await exportedEdges(edgesFrom) : undefined;
  const doc = await buildBaselineFromFile(
    input,
    {
      columns: listOption(options, 'columns'),
      categorical: listOption(options, 'categorical'),
      bins,
      edges: edges?.all,
      edgesByColumn: exported ? mergedEdges(exported) : edges?.byColumn,
      maxCategories: integerOption(options, 'max-categories', BUILD_LIMITS.maxCategories.min, BUILD_LIMITS.maxCategories.max),
      chunks: integerOption(options, 'chunks', BUILD_LIMITS.chunks.min, BUILD_LIMITS.chunks.max),
      prediction,
      label,
      skipUnsuitable: !flag(options, 'keep-identifiers'),
    },
    {
      ...identity,
      createdAt: (io.now?.() ?? new Date()).toISOString(),
      sourceDescription: path.basename(input),
    },
    { progress: terminalProgress(io.stderr), scores, segment }
  );
  // The builder's output goes through the same gate as any other baseline; a failure here is a bug, not input.
  const check = validateBaseline(doc);
  if (!check.ok) {
    throw new Error(`built baseline fails validation: ${check.errors.slice(0, 3).join('; ')}`);
  }
  const text = JSON.stringify(doc);
  try {
    await fs.writeFile(output, text + '\n');
  } catch (error) {
    throw new InputError(`cannot write: ${errorMessage(error)}`, { file: output });
  }
  const rows = doc.source?.rows ?? 0;
  io.stdout.write(
    `Wrote ${output}: ${doc.features.length} features from ${rows} rows (${(text.length / 1024).toFixed(1)} KiB)\n`
  );
  for (const note of doc.notes ?? []) {
    io.stdout.write(`note: ${printable(note)}\n`);
  }
  for (const { spec, edges: found } of exported ?? []) {
    io.stdout.write(`note: ${printable(exportedEdgesNote(spec, found, doc.features.map((f) => f.name)))}\n`);
  }
  const snippets = bucketSnippets(doc);
  if (snippets !== '') {
    io.stdout.write(`\n${snippets}\n`);
  }
  return EXIT.ok;
}

/** `--segment` with its limit, or undefined; a limit without a column is refused. */
function segmentOptions(options: ParsedOptions): SegmentTallyOptions | undefined {
  const column = stringOption(options, 'segment');
  const limit = integerOption(options, 'segment-limit', BUILD_LIMITS.segmentLimit.min, BUILD_LIMITS.segmentLimit.max);
  if (column === undefined) {
    if (limit !== undefined) {
      throw new InputError(`${COMMAND}: --segment-limit goes with --segment`);
    }
    return undefined;
  }
  return { column, limit: limit ?? BUILD_DEFAULTS.segmentLimit };
}

/** `--score` with its companions, or undefined; the rules every entry point shares (`scoreFields.ts`). */
function scoreOptions(options: ParsedOptions, label: string | undefined): ScoreTallyOptions | undefined {
  const values = {
    score: stringOption(options, 'score'),
    label,
    positiveClass: stringOption(options, 'positive-class'),
    scoreEdges: stringOption(options, 'score-edges'),
  };
  const checked = checkScoreFields(values, CLI_SCORE_FIELDS);
  if (!checked.ok) {
    throw new InputError(`${COMMAND}: ${checked.error}`);
  }
  return checked.options;
}

/**
 * Model and version as a baseline store can name them (`model@version`, the id the datasource and the app use):
 * text a store keeps and finds again exactly. Refused here, with the option named, rather than by the store later.
 */
function checkedIdentity(typedModel: string, typedVersion: string, modelFromFileName: boolean): { model: string; version: string } {
  const checked = checkIdParts(typedModel, typedVersion);
  if (!checked.ok) {
    const hint = checked.part === 'model' && modelFromFileName ? " (the default model is the input file's name: give --model)" : '';
    throw new InputError(`${COMMAND}: ${checked.part ? `--${checked.part}: ${checked.reason}` : checked.error}${hint}`);
  }
  return checked;
}

/** Which columns took the exported edges, and which exported features the input has no column for. */
/** Each histogram's edges per column (one request each, in turn). */
async function exportedEdges(specs: readonly EdgesFromSpec[]): Promise<Array<{ spec: EdgesFromSpec; edges: Map<string, number[]> }>> {
  const read: Array<{ spec: EdgesFromSpec; edges: Map<string, number[]> }> = [];
  for (const spec of specs) {
    read.push({ spec, edges: await fetchExportedEdges(spec, Date.now()) });
  }
  return read;
}

/** One map of edges per column; a feature bound on its own comes first, so it wins over the by-label histogram. */
function mergedEdges(read: ReadonlyArray<{ edges: Map<string, number[]> }>): Map<string, number[]> {
  const merged = new Map<string, number[]>();
  for (const { edges } of read) {
    edges.forEach((values, column) => merged.has(column) || merged.set(column, values));
  }
  return merged;
}

function exportedEdgesNote(spec: EdgesFromSpec, exported: ReadonlyMap<string, number[]>, columns: readonly string[]): string {
  const taken = [...exported.keys()].filter((name) => columns.includes(name));
  const absent = [...exported.keys()].filter((name) => !columns.includes(name));
  return (
    `bucket edges of ${taken.length > 0 ? taken.join(', ') : 'no column'} from ${bucketSelector(spec)} at ${spec.url}` +
    (absent.length > 0 ? `; exported but not in the input: ${absent.join(', ')}` : '')
  );
}
