/** `mldrift compare`: drift of current data against a baseline or a reference file, with a CI-friendly exit code. */
import {
  OptionSpec,
  flag,
  fractionOption,
  listOption,
  nonNegativeOption,
  parseOptions,
  requiredString,
  stringOption,
} from '../args';
import { SideCollector } from '../collect';
import { EXIT } from '../errors';
import { InputError } from '../../tabular/inputError';
import { alignedTable, formatNumber, printable } from '../format';
import type { CliIo } from '../io';
import { terminalProgress } from '../progress';
import { hasHeaderRow, readTable } from '../../tabular/readers';
import { ReferenceColumn, UNSUITABLE_HELP, isBaselineFile, loadBaseline, rawReferenceColumns, selectBaselineColumns } from '../reference';
import {
  DRIFT_METHODS,
  DriftInputError,
  MULTIPLE_TESTING_CORRECTIONS,
  MultipleTestingCorrection,
  dataDrift,
  describeContributors,
  explainComparison,
  isDriftMethod,
  topContributors,
  type DriftExplanation,
  type TopContributor,
} from '../../drift';
import type { SkippedColumn } from '../../drift/baseline';
import type { DriftMethod, DriftResult } from '../../drift/types';

export const COMPARE_HELP = `Usage: mldrift compare --reference REF --current FILE [options]

Compares every feature of FILE with the reference and prints one row per feature.

  --reference REF        a baseline (.json holding an object, from "mldrift baseline build"): the current file
                         is streamed and counted on its buckets; or a raw reference file (.csv, .tsv, .jsonl,
                         .ndjson, or .json holding an array of flat objects): numeric values of both files are
                         kept in memory (8 bytes each) so ks and wasserstein are exact
  --current FILE         current data (same formats as a raw reference); prediction/label columns of a baseline
                         may be absent
  --columns a,b          compare only these columns (comma-separated or repeated; --column is the same)
  --categorical c,d      with a raw reference: read these columns as categories
  --method M             one method for every feature: ${DRIFT_METHODS.join(', ')}
                         (default: chosen per feature by kind and reference size); a column the method does
                         not fit (ks, wasserstein or wasserstein_norm on categories) is skipped with a notice
  --threshold X          threshold for every feature (default: the baseline's data-driven threshold for the
                         method if it has one, else the method's default: 0.05 p-value for tests, 0.1 distances,
                         and 0.1 reference standard deviations for wasserstein, which is in data units)
  --correction C         multiple-testing correction of p-values: none (default), bonferroni, bh
  --drift-share S        dataset drift when at least this share of features drift (default 0.5)
  --json                 print {"features":[{name,method,statistic,pValue,statisticUpperBound,threshold,drift,
                         notices}],"skipped":[{name,reason}],"driftShare","datasetDrift"} (pValue for tests,
                         statisticUpperBound for ks against a baseline, notices when any)
  --fail-on-drift        exit 3 when the dataset drifts (for CI gates)
  --keep-identifiers     compare identifier-like and date/time columns too (skipped unless named in --columns)
  -h, --help             this help

${UNSUITABLE_HELP}
Exit codes: 0 compared (and no dataset drift, with --fail-on-drift), 2 bad input, 3 dataset drift with --fail-on-drift.
`;

const OPTIONS: OptionSpec = {
  reference: { type: 'string' },
  current: { type: 'string' },
  columns: { type: 'string', multiple: true },
  categorical: { type: 'string', multiple: true },
  method: { type: 'string' },
  threshold: { type: 'string' },
  correction: { type: 'string' },
  'drift-share': { type: 'string' },
  json: { type: 'boolean' },
  'fail-on-drift': { type: 'boolean' },
  'keep-identifiers': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const COMMAND = 'compare';
const ALIASES = { column: 'columns' } as const;
/** Contributors a feature's row names (`--json` lists up to three). */
const TOP_CONTRIBUTORS = 3;

interface FeatureReport {
  name: string;
  method: DriftMethod;
  statistic: number;
  pValue?: number;
  /** KS from a baseline's buckets: `statistic` is a lower bound of the raw data's D, this its upper bound. */
  statisticUpperBound?: number;
  threshold: number;
  drift: boolean;
  notices?: string[];
  /** The bins that carry the score, largest first (see the README's Statistics): absent for z, or a score of 0. */
  topContributors?: TopContributor[];
}

export interface CompareReport {
  features: FeatureReport[];
  skipped: SkippedColumn[];
  driftShare: number;
  datasetDrift: boolean;
}

export async function compare(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseOptions(argv, OPTIONS, COMMAND, ALIASES);
  if (flag(options, 'help')) {
    io.stdout.write(COMPARE_HELP);
    return EXIT.ok;
  }
  const referenceFile = requiredString(options, 'reference', COMMAND);
  const currentFile = requiredString(options, 'current', COMMAND);
  const method = methodOption(stringOption(options, 'method'));
  const correction = correctionOption(stringOption(options, 'correction'));
  const threshold = nonNegativeOption(options, 'threshold');
  const driftShare = fractionOption(options, 'drift-share', false);
  const wanted = listOption(options, 'columns');
  const progress = terminalProgress(io.stderr);

  const keepUnsuitable = flag(options, 'keep-identifiers');
  const reference = (await isBaselineFile(referenceFile))
    ? selectBaselineColumns(await loadBaseline(referenceFile), wanted, keepUnsuitable, referenceFile)
    : await rawReferenceColumns(referenceFile, wanted, listOption(options, 'categorical'), keepUnsuitable, progress);
  const { fitting, skipped: unfit } = fittingMethod(reference.columns, method);
  const skipped = [...reference.skipped, ...unfit];
  if (fitting.length === 0) {
    const why = skipped.length > 0 ? ` (skipped: ${skipped.map((s) => `${JSON.stringify(s.name)}: ${s.reason}`).join('; ')})` : '';
    throw new InputError(`no feature to compare${why}`, { file: referenceFile });
  }

  const collector = new SideCollector(
    fitting.map((column) => column.spec),
    currentFile
  );
  let headerChecked = false;
  const summary = await readTable(
    currentFile,
    (values, columns, line) => {
      if (!headerChecked) {
        // A header row names every column at once; JSON rows are checked at the end, when all keys were seen.
        if (hasHeaderRow(currentFile)) {
          collector.checkHeader(columns);
        }
        headerChecked = true;
      }
      collector.addRow(values, columns, line);
    },
    progress
  );
  const current = collector.finish(summary.columns);

  const compared = fitting.flatMap((column, i) => {
    const currentInput = current[i];
    return currentInput === undefined ? [] : [{ column, currentInput }];
  });
  const explained = compared.map(({ column, currentInput }) => {
    try {
      return explainComparison(column.input, currentInput, {
        method,
        threshold,
        name: column.spec.name,
        referenceThresholds: column.thresholds,
      });
    } catch (error) {
      if (error instanceof DriftInputError) {
        throw new InputError(error.message, { file: currentFile, columnName: column.spec.name });
      }
      throw error;
    }
  });
  const results = explained.map((e) => e.result);
  const report = reportOf(
    results,
    explained.map((e) => e.explanation),
    skipped,
    dataDrift(results, { driftShare, correction })
  );
  io.stdout.write(flag(options, 'json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, results)}\n`);
  return flag(options, 'fail-on-drift') && report.datasetDrift ? EXIT.drift : EXIT.ok;
}

function methodOption(value: string | undefined): DriftMethod | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isDriftMethod(value)) {
    throw new InputError(`--method: unknown method ${JSON.stringify(value)} (methods: ${DRIFT_METHODS.join(', ')})`);
  }
  return value;
}

function correctionOption(value: string | undefined): MultipleTestingCorrection | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!(MULTIPLE_TESTING_CORRECTIONS as readonly string[]).includes(value)) {
    throw new InputError(`--correction: unknown correction ${JSON.stringify(value)} (none, bonferroni, bh)`);
  }
  return value as MultipleTestingCorrection;
}

/** Methods defined on numbers only: the engine refuses them for a categorical feature. */
const NUMERIC_ONLY_METHODS: ReadonlySet<DriftMethod> = new Set<DriftMethod>(['ks', 'wasserstein', 'wasserstein_norm']);

/**
 * The columns `method` can compare. A method named for every feature may not fit some (ks on a categorical
 * column): those are skipped with their reason, so one column does not stop the comparison of the others.
 */
function fittingMethod(columns: ReferenceColumn[], method: DriftMethod | undefined): { fitting: ReferenceColumn[]; skipped: SkippedColumn[] } {
  const fitting: ReferenceColumn[] = [];
  const skipped: SkippedColumn[] = [];
  for (const column of columns) {
    if (method !== undefined && NUMERIC_ONLY_METHODS.has(method) && column.spec.kind === 'categorical') {
      skipped.push({ name: column.spec.name, reason: `${method} needs numeric data, the column is categorical` });
    } else {
      fitting.push(column);
    }
  }
  return { fitting, skipped };
}

/** Per-feature verdicts after the dataset-level correction, so the table and the exit code agree. */
function reportOf(results: DriftResult[], explanations: DriftExplanation[], skipped: SkippedColumn[], dataset: ReturnType<typeof dataDrift>): CompareReport {
  return {
    features: results.map((result, i) => withContributors(explanations[i], {
      name: result.feature,
      method: result.method,
      statistic: result.statistic,
      ...(result.pValue !== undefined ? { pValue: result.pValue } : {}),
      ...(result.statisticUpperBound !== undefined ? { statisticUpperBound: result.statisticUpperBound } : {}),
      threshold: result.threshold,
      drift: dataset.verdicts[i].drift,
      ...(result.notices.length > 0 ? { notices: result.notices.map((n) => `${n.severity}: ${n.text}`) } : {}),
    })),
    skipped,
    driftShare: dataset.driftShare,
    datasetDrift: dataset.datasetDrift,
  };
}

function withContributors(explanation: DriftExplanation, feature: FeatureReport): FeatureReport {
  const top = topContributors(explanation, TOP_CONTRIBUTORS);
  return top.length > 0 ? { ...feature, topContributors: top } : feature;
}

function formatReport(report: CompareReport, results: DriftResult[]): string {
  const rows = report.features.map((feature, i) => [
    feature.name,
    feature.method,
    `${feature.statisticUpperBound !== undefined ? '≥' : ''}${formatNumber(feature.statistic)}`,
    formatNumber(feature.pValue),
    formatNumber(feature.threshold),
    feature.drift ? 'DRIFT' : 'ok',
    `${results[i].referenceCount}/${results[i].currentCount}`,
    feature.topContributors ? printable(describeContributors(feature.topContributors.slice(0, 1))) : '-',
  ]);
  const table = alignedTable(['feature', 'method', 'statistic', 'p-value', 'threshold', 'drift', 'n ref/cur', 'top contributor'], rows);
  const drifted = report.features.filter((f) => f.drift).length;
  const verdict = `Drifted features: ${drifted} of ${report.features.length} (share ${formatNumber(report.driftShare)}); dataset drift: ${report.datasetDrift ? 'YES' : 'no'}`;
  // The table keeps to what needs attention; every notice (method choice, binning bounds) is in --json.
  const warnings = results.flatMap((result) =>
    result.notices.filter((n) => n.severity !== 'info').map((n) => `  ${printable(`${result.feature}: ${n.severity}: ${n.text}`)}`)
  );
  const bounds = report.features.flatMap((f) =>
    f.statisticUpperBound === undefined
      ? []
      : [
          `  ${printable(f.name)}: ${f.method} ≥ ${formatNumber(f.statistic)}: a lower bound, measured at the baseline's bucket edges; the raw data's D is at most ${formatNumber(f.statisticUpperBound)}`,
        ]
  );
  const skipped = report.skipped.map((s) => `  ${printable(`${s.name}: ${s.reason}`)}`);
  return [
    table,
    ...(bounds.length > 0 ? ['', '≥: bounds, not exact values (the p-value is the lower bound’s):', ...bounds] : []),
    '',
    verdict,
    ...(skipped.length > 0 ? ['', 'Skipped:', ...skipped] : []),
    ...(warnings.length > 0 ? ['', 'Warnings:', ...warnings] : []),
  ].join('\n');
}
