/**
 * The validator and `schemas/baseline.schema.json` (checked with ajv, draft 2020-12) must agree: every fixture
 * the schema can judge gets the same verdict from both; the checks beyond the schema are rejected by the
 * validator alone.
 */
import Ajv2020 from 'ajv/dist/2020';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { BASELINE_LIMITS } from './limits';
import { validateBaseline } from './validate';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../schemas/baseline.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const schemaAccepts = ajv.compile(schema);

/**
 * Version-1 documents written before version 2 existed: the demo's provisioned baselines as they were then (the
 * demo now provisions version 2), kept here unchanged.
 */
const V1_FIXTURES = ['churn@v1.json', 'churn@v2.json'].map((name) => `src/drift/baseline/__fixtures__/version-1/${name}`);

type Doc = Record<string, unknown>;
type Path = Array<string | number>;

/** Sets (or with `undefined`, deletes) the value at a path of a fixture. */
function put(doc: Doc, path: Path, value: unknown): void {
  let target = doc as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    target = target[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined) {
    delete target[last];
  } else {
    target[last] = value;
  }
}

function get(doc: Doc, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], doc);
}

function validDoc(): Doc {
  return {
    schemaVersion: 2,
    model: 'churn',
    version: '2024-05',
    createdAt: '2024-05-31T12:00:00.000Z',
    source: { kind: 'file', description: 'train.csv', rows: 10 },
    features: [
      {
        name: 'age',
        kind: 'numeric',
        histogram: { upperBounds: [20, 40, 60], counts: [1, 4, 3, 1.5] },
        summary: { n: 9, min: 18, max: 70, mean: 41, std: 12.5, quantiles: { levels: [0.5, 0.9], values: [40, 60] } },
        missing: 1,
        nonFinite: 0,
        thresholds: { psi: 0.12, js: 0.08 },
      },
      {
        name: 'city',
        kind: 'categorical',
        distribution: { categories: ['Berlin', 'Oslo', '(other)'], counts: [5, 3, 2] },
        n: 10,
        missing: 0,
        nonFinite: 0,
      },
    ],
    label: {
      name: 'churned',
      kind: 'categorical',
      distribution: { categories: ['no', 'yes'], counts: [7, 3] },
      n: 10,
      missing: 0,
      nonFinite: 0,
    },
    classNames: ['no', 'yes'],
    scores: {
      score: 'p_yes',
      label: 'churned',
      positiveClass: 'yes',
      upperBounds: [0.25, 0.5, 0.75],
      positives: [0, 1, 0, 2],
      negatives: [3, 2, 1, 1],
      meanScores: [0.1, 0.4, 0.7, 0.9],
    },
    segments: {
      by: 'region',
      values: [
        {
          value: 'eu',
          rows: 4,
          features: [
            {
              name: 'city',
              kind: 'categorical',
              distribution: { categories: ['Berlin', 'Oslo', '(other)'], counts: [2, 2, 0] },
              n: 4,
              missing: 0,
              nonFinite: 0,
            },
          ],
        },
        // Hostile and empty values are data like any other.
        { value: 'a"b{c}|.*\n', rows: 0, features: [] },
      ],
    },
    notes: ['built for a test'],
  };
}

interface Case {
  what: string;
  mutate: (doc: Doc) => void;
  /** Start of the expected validator message. */
  error: string;
  /** False for the checks the schema cannot express. */
  schemaCatches: boolean;
}

const AGE: Path = ['features', 0];
const CITY: Path = ['features', 1];
const SCORES: Path = ['scores'];
const SEGMENT: Path = ['segments', 'values', 0];
const tooManyBounds = BASELINE_LIMITS.maxUpperBounds + 1;

const cases: Case[] = [
  { what: 'unknown schemaVersion', mutate: (d) => put(d, ['schemaVersion'], 3), error: 'schemaVersion: expected 1 or 2, got 3', schemaCatches: true },
  {
    what: 'scores in a version-1 document',
    mutate: (d) => put(d, ['schemaVersion'], 1),
    error: 'scores: a version-1 document has no scores',
    schemaCatches: true,
  },
  {
    what: 'scores without negatives',
    mutate: (d) => put(d, [...SCORES, 'negatives'], undefined),
    error: 'scores: missing property "negatives"',
    schemaCatches: true,
  },
  {
    what: 'positives one short',
    mutate: (d) => put(d, [...SCORES, 'positives'], [0, 1, 0]),
    error: 'scores.positives: expected 4 numbers, got 3',
    schemaCatches: false,
  },
  {
    what: 'negatives one too many',
    mutate: (d) => put(d, [...SCORES, 'negatives'], [3, 2, 1, 1, 0]),
    error: 'scores.negatives: expected 4 numbers, got 5',
    schemaCatches: false,
  },
  { what: 'a negative score count', mutate: (d) => put(d, [...SCORES, 'negatives', 1], -2), error: 'scores.negatives[1]: must be >= 0', schemaCatches: true },
  {
    what: 'a non-finite score count',
    mutate: (d) => put(d, [...SCORES, 'positives', 1], '1e999'),
    error: 'scores.positives[1]: expected a finite number',
    schemaCatches: true,
  },
  {
    what: 'score edges not increasing',
    mutate: (d) => put(d, [...SCORES, 'upperBounds'], [0.25, 0.75, 0.5]),
    error: 'scores.upperBounds[2]: must be greater than',
    schemaCatches: false,
  },
  {
    what: 'no score edges',
    mutate: (d) => put(d, [...SCORES, 'upperBounds'], []),
    error: 'scores.upperBounds: expected at least 1 items',
    schemaCatches: true,
  },
  { what: 'a mean score above 1', mutate: (d) => put(d, [...SCORES, 'meanScores', 3], 1.2), error: 'scores.meanScores[3]: must be <= 1', schemaCatches: true },
  {
    what: 'a mean score outside its bucket',
    mutate: (d) => put(d, [...SCORES, 'meanScores', 1], 0.6),
    error: 'scores.meanScores[1]: 0.6 lies outside its bucket [0.25, 0.5]',
    schemaCatches: false,
  },
  {
    what: 'mean scores one short',
    mutate: (d) => put(d, [...SCORES, 'meanScores'], [0.1, 0.4, 0.7]),
    error: 'scores.meanScores: expected 4 numbers, got 3',
    schemaCatches: false,
  },
  {
    what: 'no row of the positive class',
    mutate: (d) => put(d, [...SCORES, 'positives'], [0, 0, 0, 0]),
    error: 'scores.positives: no row of the positive class',
    schemaCatches: false,
  },
  {
    what: 'an empty positive class',
    mutate: (d) => put(d, [...SCORES, 'positiveClass'], ''),
    error: 'scores.positiveClass: must not be empty',
    schemaCatches: true,
  },
  { what: 'an unknown scores property', mutate: (d) => put(d, [...SCORES, 'auc'], 0.9), error: 'scores: unknown property "auc"', schemaCatches: true },
  { what: 'missing model', mutate: (d) => put(d, ['model'], undefined), error: '$: missing property "model"', schemaCatches: true },
  { what: 'unknown top-level property', mutate: (d) => put(d, ['extra'], 1), error: '$: unknown property "extra"', schemaCatches: true },
  {
    what: '__proto__ key',
    mutate: (d) => Object.defineProperty(get(d, AGE), '__proto__', { value: {}, enumerable: true }),
    error: 'features[0]: unknown property "__proto__"',
    schemaCatches: true,
  },
  { what: 'bad date format', mutate: (d) => put(d, ['createdAt'], 'yesterday'), error: 'createdAt: expected an ISO 8601', schemaCatches: true },
  { what: 'impossible date', mutate: (d) => put(d, ['createdAt'], '2024-13-45T99:00:00Z'), error: 'createdAt: expected an ISO 8601', schemaCatches: false },
  {
    what: 'counts one short',
    mutate: (d) => put(d, [...AGE, 'histogram', 'counts'], [1, 4, 3]),
    error: 'features[0].histogram.counts: expected 4 numbers, got 3',
    schemaCatches: false,
  },
  {
    what: 'non-increasing bounds',
    mutate: (d) => put(d, [...AGE, 'histogram', 'upperBounds'], [20, 20, 60]),
    error: 'features[0].histogram.upperBounds[1]: must be greater than',
    schemaCatches: false,
  },
  {
    what: 'negative count',
    mutate: (d) => put(d, [...AGE, 'histogram', 'counts', 2], -1),
    error: 'features[0].histogram.counts[2]: must be >= 0',
    schemaCatches: true,
  },
  {
    what: 'count as a string',
    mutate: (d) => put(d, [...CITY, 'distribution', 'counts', 0], '5'),
    error: 'features[1].distribution.counts[0]: expected a finite number, got "5"',
    schemaCatches: true,
  },
  {
    what: 'no bounds',
    mutate: (d) => put(d, [...AGE, 'histogram', 'upperBounds'], []),
    error: 'features[0].histogram.upperBounds: expected at least 1 items',
    schemaCatches: true,
  },
  {
    what: 'duplicate feature names',
    mutate: (d) => put(d, [...CITY, 'name'], 'age'),
    error: 'features[1].name: duplicate of features[0].name',
    schemaCatches: false,
  },
  {
    what: 'duplicate categories',
    mutate: (d) => put(d, [...CITY, 'distribution', 'categories', 1], 'Berlin'),
    error: 'features[1].distribution.categories[1]: duplicate',
    schemaCatches: true,
  },
  {
    what: 'categories and counts of different lengths',
    mutate: (d) => put(d, [...CITY, 'distribution', 'counts'], [5, 3, 2, 1]),
    error: 'features[1].distribution.counts: expected 3 numbers, got 4',
    schemaCatches: false,
  },
  {
    what: 'unknown kind',
    mutate: (d) => put(d, [...AGE, 'kind'], 'text'),
    error: 'features[0].kind: expected "numeric" or "categorical"',
    schemaCatches: true,
  },
  {
    what: 'unknown threshold method',
    mutate: (d) => put(d, [...AGE, 'thresholds', 'magic'], 1),
    error: 'features[0].thresholds: unknown property "magic"',
    schemaCatches: true,
  },
  { what: 'negative std', mutate: (d) => put(d, [...AGE, 'summary', 'std'], -1), error: 'features[0].summary.std: must be >= 0', schemaCatches: true },
  { what: 'min above max', mutate: (d) => put(d, [...AGE, 'summary', 'min'], 100), error: 'features[0].summary.min: greater than max', schemaCatches: false },
  {
    what: 'quantile level above 1',
    mutate: (d) => put(d, [...AGE, 'summary', 'quantiles', 'levels', 1], 1.5),
    error: 'features[0].summary.quantiles.levels[1]: must be <= 1',
    schemaCatches: true,
  },
  {
    what: 'decreasing quantile values',
    mutate: (d) => put(d, [...AGE, 'summary', 'quantiles', 'values'], [60, 40]),
    error: 'features[0].summary.quantiles.values[1]: must not be less',
    schemaCatches: false,
  },
  { what: 'empty feature name', mutate: (d) => put(d, [...AGE, 'name'], ''), error: 'features[0].name: must not be empty', schemaCatches: true },
  {
    what: 'name over the limit',
    mutate: (d) => put(d, [...AGE, 'name'], 'x'.repeat(BASELINE_LIMITS.maxNameLength + 1)),
    error: 'features[0].name: longer than 256',
    schemaCatches: true,
  },
  {
    what: 'too many bounds',
    mutate: (d) =>
      put(d, [...AGE, 'histogram'], {
        upperBounds: Array.from({ length: tooManyBounds }, (_, i) => i),
        counts: Array(tooManyBounds + 1).fill(0),
      }),
    error: 'features[0].histogram.upperBounds: more than 256 items',
    schemaCatches: true,
  },
  {
    what: 'too many features',
    mutate: (d) => {
      const city = get(d, CITY) as Doc;
      put(d, ['features'], Array.from({ length: BASELINE_LIMITS.maxFeatures + 1 }, (_, i) => ({ ...city, name: `f${i}` })));
    },
    error: 'features: more than 2000 items',
    schemaCatches: true,
  },
  { what: 'fractional row count', mutate: (d) => put(d, ['source', 'rows'], 1.5), error: 'source.rows: expected a whole number', schemaCatches: true },
  {
    what: 'duplicate class names',
    mutate: (d) => put(d, ['classNames'], ['no', 'no']),
    error: 'classNames[1]: duplicate of classNames[0]',
    schemaCatches: true,
  },
  { what: 'prediction not an object', mutate: (d) => put(d, ['prediction'], 'yes'), error: 'prediction: expected an object, got "yes"', schemaCatches: true },
  { what: 'features not an array', mutate: (d) => put(d, ['features'], {}), error: 'features: expected an array, got object', schemaCatches: true },
  {
    what: 'a segment feature the document lacks',
    mutate: (d) => put(d, [...SEGMENT, 'features', 0, 'name'], 'town'),
    error: 'segments.values[0].features: feature "town" is not among',
    schemaCatches: false,
  },
  {
    what: 'a segment feature of another kind',
    mutate: (d) => put(d, [...SEGMENT, 'features', 0, 'name'], 'age'),
    error: 'segments.values[0].features: feature "age" is "categorical" here but "numeric"',
    schemaCatches: false,
  },
  {
    what: 'duplicate segment values',
    mutate: (d) => put(d, ['segments', 'values', 1, 'value'], 'eu'),
    error: 'segments.values[1].value: duplicate of segments.values[0].value',
    schemaCatches: false,
  },
  {
    what: 'a segment without rows',
    mutate: (d) => put(d, [...SEGMENT, 'rows'], undefined),
    error: 'segments.values[0]: missing property "rows"',
    schemaCatches: true,
  },
  {
    what: 'fractional segment rows',
    mutate: (d) => put(d, [...SEGMENT, 'rows'], 2.5),
    error: 'segments.values[0].rows: expected a whole number',
    schemaCatches: true,
  },
  {
    what: 'more segments than a query reads',
    mutate: (d) =>
      put(
        d,
        ['segments', 'values'],
        Array.from({ length: BASELINE_LIMITS.maxSegments + 1 }, (_, i) => ({ value: `v${i}`, rows: 1, features: [] }))
      ),
    error: 'segments.values: more than 50 items',
    schemaCatches: true,
  },
];

describe('validateBaseline', () => {
  it('accepts a valid document, as does the schema', () => {
    const doc = validDoc();
    expect(validateBaseline(doc)).toEqual({ ok: true, baseline: doc });
    expect(schemaAccepts(doc)).toBe(true);
  });

  it('does not hold an empty bucket to its bounds: its mean score is 0 by convention', () => {
    const doc = validDoc();
    put(doc, [...SCORES, 'positives'], [0, 1, 0, 2]);
    put(doc, [...SCORES, 'negatives'], [3, 2, 0, 1]);
    put(doc, [...SCORES, 'meanScores'], [0.1, 0.4, 0, 0.9]);
    expect(validateBaseline(doc).ok).toBe(true);
    expect(schemaAccepts(doc)).toBe(true);
  });

  it('reads a version-1 document and returns it migrated to version 2, without touching the input', () => {
    const doc = validDoc();
    put(doc, ['scores'], undefined);
    put(doc, ['schemaVersion'], 1);
    expect(schemaAccepts(doc)).toBe(true);
    const result = validateBaseline(doc);
    expect(result).toEqual({ ok: true, baseline: { ...doc, schemaVersion: 2 } });
    expect(doc.schemaVersion).toBe(1);
  });

  it.each(V1_FIXTURES)('migrates the committed version-1 document %s', (file) => {
    const doc = JSON.parse(fs.readFileSync(path.join(__dirname, '../../..', file), 'utf8')) as Doc;
    expect(doc.schemaVersion).toBe(1);
    expect(schemaAccepts(doc)).toBe(true);
    const result = validateBaseline(doc);
    expect(result.ok).toBe(true);
    const { schemaVersion, ...rest } = result.ok ? result.baseline : { schemaVersion: undefined };
    expect(schemaVersion).toBe(2);
    expect({ ...doc, schemaVersion: undefined }).toEqual({ ...rest, schemaVersion: undefined });
    // A migrated document validates as version 2 unchanged: migration is idempotent.
    expect(validateBaseline(result.ok ? result.baseline : undefined)).toEqual(result);
  });

  it.each(cases)('rejects $what with a JSON-path message', ({ mutate, error, schemaCatches }) => {
    const doc = validDoc();
    mutate(doc);
    const result = validateBaseline(doc);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toContainEqual(expect.stringContaining(error));
    // Through JSON, as a stored document would arrive.
    const asJson = JSON.parse(JSON.stringify(doc));
    expect(schemaAccepts(asJson)).toBe(!schemaCatches);
  });

  it('rejects NaN, Infinity and non-objects that JSON cannot carry', () => {
    const doc = validDoc();
    put(doc, [...AGE, 'summary', 'mean'], NaN);
    put(doc, [...AGE, 'histogram', 'counts', 0], Infinity);
    const result = validateBaseline(doc);
    expect(result.ok ? [] : result.errors).toEqual([
      'features[0].histogram.counts[0]: expected a finite number, got Infinity',
      'features[0].summary.mean: expected a finite number, got NaN',
    ]);
    expect(validateBaseline(null)).toEqual({ ok: false, errors: ['$: expected an object, got null'] });
    expect(validateBaseline([])).toEqual({ ok: false, errors: ['$: expected an object, got an array'] });
  });

  it('treats hostile strings as data: quoted, shortened, one line', () => {
    const doc = validDoc();
    put(doc, ['model'], 7);
    put(doc, [...AGE, 'kind'], '"); process.exit(1); //\n' + 'x'.repeat(500));
    const result = validateBaseline(doc);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContain('model: expected a string, got 7');
    const kindError = errors.find((e) => e.startsWith('features[0].kind'));
    expect(kindError).toBeDefined();
    expect(kindError).not.toContain('\n');
    expect((kindError ?? '').length).toBeLessThan(120);
  });

  it('caps the error list so a huge hostile document cannot flood the output', () => {
    const doc = validDoc();
    put(doc, [...AGE, 'histogram'], { upperBounds: Array.from({ length: 256 }, (_, i) => i), counts: Array(257).fill(-1) });
    const result = validateBaseline(doc);
    expect(result.ok ? 0 : result.errors.length).toBe(50);
  });

  it('states the same size limits as the schema', () => {
    expect(schema.properties.features.maxItems).toBe(BASELINE_LIMITS.maxFeatures);
    expect(schema.$defs.numericFeature.properties.histogram.properties.upperBounds.maxItems).toBe(BASELINE_LIMITS.maxUpperBounds);
    expect(schema.$defs.categoricalFeature.properties.distribution.properties.categories.maxItems).toBe(BASELINE_LIMITS.maxCategories);
    expect(schema.$defs.name.maxLength).toBe(BASELINE_LIMITS.maxNameLength);
    expect(schema.$defs.scores.properties.upperBounds.maxItems).toBe(BASELINE_LIMITS.maxUpperBounds);
    expect(schema.$defs.scores.properties.positiveClass.maxLength).toBe(BASELINE_LIMITS.maxCategoryLength);
    expect(schema.$defs.segments.properties.values.maxItems).toBe(BASELINE_LIMITS.maxSegments);
  });

  it('reads segments in a version-1 document too: they are optional, not a new version', () => {
    const doc = validDoc();
    put(doc, ['scores'], undefined);
    put(doc, ['schemaVersion'], 1);
    expect(schemaAccepts(doc)).toBe(true);
    expect(validateBaseline(doc).ok).toBe(true);
  });
});
