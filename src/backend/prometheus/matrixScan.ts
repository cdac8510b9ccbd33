/**
 * A fast reader for the compact JSON Prometheus writes for a successful range query, straight from the text:
 * a range query for every feature's buckets answers with hundreds of thousands of `[time, "value"]` pairs,
 * and `JSON.parse` followed by `parseMatrixResponse` builds an array, a string and then a sample object for
 * each. Here each pair becomes its sample directly (about half the CPU and garbage on the benchmark's answer).
 *
 * It only accepts the exact shape Prometheus writes (no whitespace, keys in Prometheus' order, no escapes in
 * sample values) and returns `undefined` for anything else, so that the checked path (`JSON.parse` and
 * `parseMatrixResponse`) decides: every input either gives the same series as that path or goes through it.
 * Labels are parsed by `JSON.parse` and `parseLabels` on the metric object's own text.
 */
import { parseLabels, parseSampleValue, stringList, type MatrixSeries, type ParsedResponse, type Sample } from './response';

const HEAD = '{"status":"success","data":{"resultType":"matrix","result":[';
const METRIC = '{"metric":';
const VALUES = ',"values":[';

const QUOTE = 0x22;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** A JSON number literal, exactly as the JSON grammar allows it (Number() alone also takes hex, spaces, ...). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** Characters a JSON string cannot hold unescaped, and the escape character itself. */
const NEEDS_JSON_PARSE = /[\u0000-\u001f\\]/;

/** Index of the closing quote of the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      i++;
    } else if (c === QUOTE) {
      return i;
    }
  }
  return -1;
}

/** Index just past the object opening at `start` (strings skipped, so braces inside label values are fine), or -1. */
function objectEnd(text: string, start: number): number {
  if (text.charCodeAt(start) !== OPEN_BRACE) {
    return -1;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i < 0) {
        return -1;
      }
    } else if (c === OPEN_BRACE) {
      depth++;
    } else if (c === CLOSE_BRACE && --depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

/** The pairs of a `values` array whose `[` ends just before `start`; `end` is just past its `]`. */
function scanPairs(text: string, start: number): { samples: Sample[]; end: number } | undefined {
  const samples: Sample[] = [];
  let i = start;
  if (text.charCodeAt(i) === CLOSE_BRACKET) {
    return { samples, end: i + 1 };
  }
  for (;;) {
    if (text.charCodeAt(i) !== OPEN_BRACKET) {
      return undefined;
    }
    const comma = text.indexOf(',', i + 1);
    if (comma < 0 || text.charCodeAt(comma + 1) !== QUOTE) {
      return undefined;
    }
    const timeText = text.slice(i + 1, comma);
    const close = text.indexOf('"', comma + 2);
    if (close < 0 || text.charCodeAt(close + 1) !== CLOSE_BRACKET || !JSON_NUMBER.test(timeText)) {
      return undefined;
    }
    const raw = text.slice(comma + 2, close);
    if (NEEDS_JSON_PARSE.test(raw)) {
      return undefined;
    }
    // Same conversion as `parsePair`; a value it rejects throws, and the caller hands the text to the checked path.
    samples.push({ timeMs: Math.round(Number(timeText) * 1000), value: parseSampleValue(raw) });
    i = close + 2;
    const next = text.charCodeAt(i);
    if (next === CLOSE_BRACKET) {
      return { samples, end: i + 1 };
    }
    if (next !== COMMA) {
      return undefined;
    }
    i++;
  }
}

function labelsAt(text: string, start: number, end: number): MatrixSeries['labels'] {
  return parseLabels(JSON.parse(text.slice(start, end)));
}

/** The envelope after `data`: nothing, or further keys of which only `warnings` and `infos` are expected. */
function envelopeTail(text: string, start: number): { warnings: string[]; infos: string[] } | undefined {
  if (start === text.length - 1 && text.charCodeAt(start) === CLOSE_BRACE) {
    return { warnings: [], infos: [] };
  }
  if (text.charCodeAt(start) !== COMMA) {
    return undefined;
  }
  const rest: unknown = JSON.parse(`{${text.slice(start + 1)}`);
  if (typeof rest !== 'object' || rest === null || Object.keys(rest).some((key) => key !== 'warnings' && key !== 'infos')) {
    return undefined;
  }
  const { warnings, infos } = rest as { warnings?: unknown; infos?: unknown };
  return { warnings: stringList(warnings), infos: stringList(infos) };
}

function scan(text: string): ParsedResponse<MatrixSeries[]> | undefined {
  if (!text.startsWith(HEAD)) {
    return undefined;
  }
  const data: MatrixSeries[] = [];
  let i = HEAD.length;
  if (text.charCodeAt(i) !== CLOSE_BRACKET) {
    for (;;) {
      if (!text.startsWith(METRIC, i)) {
        return undefined;
      }
      const metricStart = i + METRIC.length;
      const metricEnd = objectEnd(text, metricStart);
      if (metricEnd < 0 || !text.startsWith(VALUES, metricEnd)) {
        return undefined;
      }
      const pairs = scanPairs(text, metricEnd + VALUES.length);
      if (!pairs || text.charCodeAt(pairs.end) !== CLOSE_BRACE) {
        return undefined;
      }
      data.push({ labels: labelsAt(text, metricStart, metricEnd), samples: pairs.samples });
      i = pairs.end + 1;
      const next = text.charCodeAt(i);
      if (next === CLOSE_BRACKET) {
        break;
      }
      if (next !== COMMA) {
        return undefined;
      }
      i++;
    }
  }
  // `]` closes the result, `}` the data object.
  if (text.charCodeAt(i + 1) !== CLOSE_BRACE) {
    return undefined;
  }
  const tail = envelopeTail(text, i + 2);
  return tail && { data, ...tail };
}

/** The series of a successful matrix answer in Prometheus' own layout, or `undefined` to use the checked path. */
export function scanMatrixResponse(text: string): ParsedResponse<MatrixSeries[]> | undefined {
  try {
    return scan(text);
  } catch {
    // Malformed labels, a value parseSampleValue rejects, a broken tail: the checked path reports it properly.
    return undefined;
  }
}
