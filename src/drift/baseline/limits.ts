/**
 * Size limits of a baseline document. They keep one baseline at a few kilobytes so thousands can be stored and
 * loaded by the backend; the validator enforces them and `schemas/baseline.schema.json` states the same numbers
 * (a test checks that the two agree).
 */
export const BASELINE_LIMITS = {
  maxFeatures: 2000,
  /** Finite upper bounds of one histogram (so at most this + 1 buckets). */
  maxUpperBounds: 256,
  maxCategories: 1000,
  maxQuantiles: 101,
  maxNameLength: 256,
  maxCategoryLength: 256,
  maxTextLength: 1024,
  maxNotes: 200,
  maxClassNames: 1000,
  /** Per-segment distributions (`segments.values`): as many as a query reads (`segmentLimit`). */
  maxSegments: 50,
} as const;

/**
 * The range of each numeric build parameter, for every entry point (CLI flags, the backend's build endpoint):
 * bins beyond what a baseline can hold, or chunks by the million, would take the process down before the
 * document limits above are ever checked.
 */
export const BUILD_LIMITS = {
  bins: { min: 2, max: BASELINE_LIMITS.maxUpperBounds + 1 },
  maxCategories: { min: 1, max: BASELINE_LIMITS.maxCategories - 1 },
  chunks: { min: 2, max: 1000 },
  /** Per-segment distributions kept (`--segment-limit`): up to the document's limit. */
  segmentLimit: { min: 1, max: BASELINE_LIMITS.maxSegments },
} as const;

/** What the builder produces unless told otherwise (well inside the limits). */
export const BUILD_DEFAULTS = {
  bins: 10,
  maxCategories: 100,
  chunks: 10,
  quantileLevels: [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99],
  /** Per-segment distributions kept with `--segment`: as many as a segmented query reads by default. */
  segmentLimit: 10,
} as const;

/** The bucket for categories beyond the kept ones: the engine's label, so baselines and comparisons agree. */
export { OTHER_CATEGORY } from '../align';
