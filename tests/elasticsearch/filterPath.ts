/**
 * Elasticsearch's `filter_path` response filtering, for FakeElasticsearch and the benchmark: keep the values
 * whose dotted path (array positions do not count) matches one of the patterns, where `*` matches one name
 * and `**` any number of names. Objects and arrays left with nothing are dropped, the strictest reading of
 * the documentation, so the parser is tested against it.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function matches(pattern: string[], path: string[]): 'full' | 'prefix' | 'none' {
  const walk = (p: number, q: number): 'full' | 'prefix' | 'none' => {
    if (q === path.length) {
      return p === pattern.length ? 'full' : 'prefix';
    }
    if (p === pattern.length) {
      // A matched parent keeps its whole subtree.
      return 'full';
    }
    if (pattern[p] === '**') {
      const skip = walk(p + 1, q);
      const consume = walk(p, q + 1);
      return skip === 'full' || consume === 'full' ? 'full' : skip === 'prefix' || consume === 'prefix' ? 'prefix' : 'none';
    }
    return pattern[p] === '*' || pattern[p] === path[q] ? walk(p + 1, q + 1) : 'none';
  };
  return walk(0, 0);
}

export function applyFilterPath(value: Json, patterns: string[]): Json | undefined {
  const parsed = patterns.map((p) => p.split('.'));
  const visit = (node: Json, path: string[]): Json | undefined => {
    const verdicts = parsed.map((p) => matches(p, path));
    if (path.length > 0 && verdicts.includes('full')) {
      return node;
    }
    if (!verdicts.includes('prefix')) {
      return undefined;
    }
    if (Array.isArray(node)) {
      const kept = node.map((item) => visit(item, path)).filter((item): item is Json => item !== undefined);
      return kept.length > 0 ? kept : undefined;
    }
    if (node !== null && typeof node === 'object') {
      const kept: { [key: string]: Json } = {};
      for (const [key, item] of Object.entries(node)) {
        const filtered = visit(item, [...path, key]);
        if (filtered !== undefined) {
          kept[key] = filtered;
        }
      }
      return Object.keys(kept).length > 0 ? kept : undefined;
    }
    return undefined;
  };
  return visit(value, []) ?? {};
}
