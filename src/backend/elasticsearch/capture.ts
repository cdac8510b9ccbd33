/**
 * `baselines/capture` from Elasticsearch: a baseline built from the prediction logs of a past time window, for
 * teams without a training file. Three requests, none returning documents:
 * 1. `_field_caps`: which feature fields exist and whether they are numeric or categorical;
 * 2. a profile search: summaries, percentiles (TDigest) and top categories, to choose the bins as the file
 *    builder does (equal-mass buckets at the deciles, rounded; the 100 most frequent categories);
 * 3. a counting search on those bins, per chunk of the window (`date_histogram`), so the baseline's counts are
 *    exact and its data-driven thresholds come from the same chunk scoring as a file-built baseline.
 */
import { OTHER_CATEGORY } from '../../drift/align';
import { baselineDocument, type FeatureWithChunks } from '../../drift/baseline/binner';
import { boundsFromQuantiles, quantileLevelsForBins } from '../../drift/baseline/edges';
import { BUILD_DEFAULTS } from '../../drift/baseline/limits';
import type { BaselinePlan, ColumnPlan } from '../../drift/baseline/profiler';
import { attachThresholds } from '../../drift/baseline/thresholds';
import { validateBaseline } from '../../drift/baseline/validate';
import type { BaselineDocument, BaselineFeature, CategoryCounts, FeatureInput } from '../../drift/types';
import { BackendError, badRequest } from '../errors';
import type { CallOptions, CaptureWindow, FeatureProfile, FeatureSpec, FieldRole, ModelRef, TimeRange, WindowCounts } from '../sources/types';
import type { DiscoveredField } from './profile';
import type { ElasticsearchSource } from './source';

export interface CaptureRequest extends CaptureWindow {
  indexDescription: string;
}

const BIN_LEVELS = quantileLevelsForBins(BUILD_DEFAULTS.bins);

function levelValues(profile: FeatureProfile, levels: readonly number[]): number[] {
  const quantiles = profile.quantiles;
  return levels.map((level) => {
    const at = quantiles?.levels.findIndex((l) => Math.abs(l - level) < 1e-12) ?? -1;
    return at >= 0 && quantiles ? quantiles.values[at] : NaN;
  });
}

/** The usable fields, and notes for the skipped ones (an error when a named feature cannot be used). */
function chooseFields(discovered: { features: DiscoveredField[]; prediction?: DiscoveredField; label?: DiscoveredField }, named: boolean, notes: string[]) {
  const unusable = discovered.features.filter((f) => f.problem !== undefined);
  if (named && unusable.length > 0) {
    throw badRequest(`cannot capture ${unusable.map((f) => `"${f.name}" (${f.problem})`).join(', ')}`);
  }
  unusable.forEach((f) => notes.push(`field "${f.name}" skipped: ${f.problem}`));
  const specs: Array<{ name: string; role: FieldRole; kind?: 'numeric' | 'categorical' }> = discovered.features
    .filter((f) => f.kind !== undefined)
    .map((f) => ({ name: f.name, role: 'feature', kind: f.kind }));
  for (const [role, field] of [['prediction', discovered.prediction], ['label', discovered.label]] as const) {
    if (field && field.problem === undefined) {
      specs.push({ name: field.name, role });
    }
  }
  if (!specs.some((s) => s.role === 'feature')) {
    throw new BackendError(400, 'no usable feature field in the index for this capture (see the field mapping in the datasource settings)', 'downstream');
  }
  return specs;
}

/** Counting spec and column plan of a profiled field; undefined (with a note) when it had no values. */
function planField(profile: FeatureProfile, notes: string[]): { spec: FeatureSpec; column: ColumnPlan } | undefined {
  const role = profile.role;
  if (profile.kind === 'numeric') {
    const summary = profile.summary;
    if (!summary || summary.n === 0 || !Number.isFinite(summary.min)) {
      notes.push(`field "${profile.feature}" skipped: no numeric value in the window`);
      return undefined;
    }
    const values = levelValues(profile, BIN_LEVELS);
    const upperBounds = boundsFromQuantiles(values.length > 0 ? values : [summary.min]);
    const storedLevels = [...BUILD_DEFAULTS.quantileLevels];
    return {
      spec: { name: profile.feature, role, kind: 'numeric', upperBounds },
      column: {
        kind: 'numeric',
        name: profile.feature,
        role,
        upperBounds,
        summary: { ...summary, quantiles: { levels: storedLevels, values: levelValues(profile, storedLevels) } },
        missing: profile.missing,
        nonFinite: 0,
      },
    };
  }
  const kept = profile.distribution?.categories ?? [];
  if (kept.length === 0) {
    notes.push(`field "${profile.feature}" skipped: no value in the window`);
    return undefined;
  }
  return {
    spec: { name: profile.feature, role, kind: 'categorical', categories: kept },
    column: { kind: 'categorical', name: profile.feature, role, kept, missing: profile.missing },
  };
}

/** Live categorical counts folded onto the kept categories plus `(other)`. */
function foldCategories(kept: readonly string[], counts: Extract<WindowCounts, { kind: 'categorical' }>): number[] {
  const position = new Map(kept.map((c, i) => [c, i]));
  const folded = new Array<number>(kept.length + 1).fill(0);
  counts.distribution.categories.forEach((category, i) => {
    folded[position.get(category) ?? kept.length] += counts.distribution.counts[i];
  });
  folded[kept.length] += counts.unlisted;
  return folded;
}

function withOther(kept: readonly string[], folded: number[], keepOther: boolean): CategoryCounts {
  return keepOther ? { categories: [...kept, OTHER_CATEGORY], counts: folded } : { categories: [...kept], counts: folded.slice(0, kept.length) };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function builtFeature(column: ColumnPlan, windows: WindowCounts[]): FeatureWithChunks {
  if (column.kind === 'numeric') {
    const numeric = windows as Array<Extract<WindowCounts, { kind: 'numeric' }>>;
    const counts = column.upperBounds.map(() => 0).concat(0);
    numeric.forEach((w) => w.binned.counts.forEach((c, j) => (counts[j] += c)));
    const feature: BaselineFeature = {
      name: column.name,
      kind: 'numeric',
      histogram: { upperBounds: column.upperBounds, counts },
      // n is what the exact count saw, so summary and histogram describe the same observations.
      summary: { ...column.summary, n: sum(counts) },
      missing: sum(numeric.map((w) => w.missing)),
      nonFinite: 0,
    };
    const chunks: FeatureInput[] = numeric.map((w) => ({ kind: 'numeric', binned: w.binned }));
    return { feature, role: column.role, chunks };
  }
  const categorical = windows as Array<Extract<WindowCounts, { kind: 'categorical' }>>;
  const perChunk = categorical.map((w) => foldCategories(column.kept, w));
  const total = column.kept.map(() => 0).concat(0);
  perChunk.forEach((counts) => counts.forEach((c, j) => (total[j] += c)));
  const keepOther = total[column.kept.length] > 0;
  const feature: BaselineFeature = {
    name: column.name,
    kind: 'categorical',
    distribution: withOther(column.kept, total, keepOther),
    n: sum(total),
    missing: sum(categorical.map((w) => w.missing)),
    nonFinite: 0,
  };
  const chunks: FeatureInput[] = perChunk.map((counts) => ({ kind: 'categorical', distribution: withOther(column.kept, counts, keepOther) }));
  return { feature, role: column.role, chunks };
}

/**
 * Why a window gave no feature values: the documents of the model version are there without them, or there are
 * none, and then what the window holds instead (a misnamed time field, another version, …; `emptyAnswers.ts`).
 */
async function noFeatureValues(source: ElasticsearchSource, model: ModelRef, range: TimeRange, profiles: FeatureProfile[], options: CallOptions): Promise<BackendError> {
  const documents = profiles[0]?.observations ?? 0;
  if (documents > 0) {
    const features = profiles.filter((p) => p.role === 'feature').map((p) => `"${p.feature}"`);
    return new BackendError(400, `none of the ${documents} document(s) of ${model.model}@${model.version} in the window has a value for the features ${features.join(', ')}`, 'downstream');
  }
  const instead = await source.describeEmpty(model, range, options.signal);
  return new BackendError(400, `cannot capture ${model.model}@${model.version}: ${instead.text}`, 'downstream');
}

export async function captureFromElasticsearch(source: ElasticsearchSource, request: CaptureRequest, options: CallOptions = {}): Promise<{ baseline: BaselineDocument; notes: string[] }> {
  if (!Number.isSafeInteger(request.fromMs) || !Number.isSafeInteger(request.toMs) || request.toMs <= request.fromMs) {
    throw badRequest('a capture needs a time window with from < to (epoch milliseconds)');
  }
  const chunks = BUILD_DEFAULTS.chunks;
  // Chunks of whole milliseconds that tile the window exactly: the window starts up to `chunks` ms earlier.
  const chunkMs = Math.ceil((request.toMs - request.fromMs) / chunks);
  const range = { fromMs: request.toMs - chunks * chunkMs, toMs: request.toMs };
  const model = { model: request.model, version: request.version };
  const notes: string[] = [];

  const named = (request.features ?? []).filter((name) => name.trim() !== '');
  const discovered = await source.discoverFields(named, options);
  const fields = chooseFields(discovered, named.length > 0, notes);
  const profiles = await source.profile(model, fields, range, options);
  const planned = profiles.data.map((profile) => planField(profile, notes)).filter((p): p is NonNullable<typeof p> => p !== undefined);
  if (!planned.some((p) => p.column.role === 'feature')) {
    throw await noFeatureValues(source, model, range, profiles.data, options);
  }
  if (planned.some((p) => p.column.kind === 'numeric')) {
    notes.push('bucket edges from Elasticsearch percentiles (TDigest estimates); bucket counts are exact');
  }
  const grid = { fromMs: range.fromMs + chunkMs, toMs: range.toMs, stepMs: chunkMs, windowMs: chunkMs };
  const counted = await source.featureWindows(model, planned.map((p) => p.spec), grid, options);
  counted.notices.filter((n) => n.severity !== 'info').forEach((n) => notes.push(n.text));

  const plan: BaselinePlan = {
    rows: sum(counted.data[0]?.observations ?? []),
    columns: planned.map((p) => p.column),
    chunks,
    notes,
  };
  const built = attachThresholds(
    planned.map((p, i) => builtFeature(p.column, counted.data[i].windows)),
    plan
  );
  const document = baselineDocument({ model: request.model, version: request.version, createdAt: request.createdAt }, plan, built);
  const baseline: BaselineDocument = {
    ...document,
    source: {
      kind: 'elasticsearch',
      description: `${request.indexDescription}, ${new Date(range.fromMs).toISOString()} to ${new Date(range.toMs).toISOString()}`,
      rows: plan.rows,
    },
  };
  const validation = validateBaseline(baseline);
  if (!validation.ok) {
    throw new BackendError(500, `the captured baseline is not valid: ${validation.errors.slice(0, 5).join('; ')}`);
  }
  return { baseline: validation.baseline, notes };
}

