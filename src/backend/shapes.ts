/**
 * V8 compiles hot functions for the object shapes ("maps") they meet, and throws that optimised code away when
 * the last object of such a shape is garbage collected (a shape is only weakly held). The objects a query makes
 * (an answer's columns, its buckets, window rows) all die once it is answered, so after the next garbage
 * collection, which an idle process also runs, the following query started over in the interpreter: a 100-feature
 * × 288-window Elasticsearch drift query took a third longer (bench/elasticsearch-drift.ts collects garbage
 * before each timed run to show it). Keeping one small specimen of each such shape alive keeps the code.
 */
const specimens: unknown[] = [];

/** Keeps `specimen` (and so its shape) alive for the life of the process; returns it. */
export function keepShape<T>(specimen: T): T {
  specimens.push(specimen);
  return specimen;
}
