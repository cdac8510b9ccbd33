/**
 * A small typed PromQL expression tree and its printer. Every query the backend sends is built from these
 * nodes, so user text (model names, feature names, class names) only ever reaches Prometheus as an escaped
 * string literal, and metric/label names are checked before they are printed.
 *
 * Names: we accept the classic name syntax only (`[a-zA-Z_:][a-zA-Z0-9_:]*` for metrics,
 * `[a-zA-Z_][a-zA-Z0-9_]*` for labels). Prometheus 3 also accepts quoted UTF-8 names, but Prometheus 2.x
 * (still what Debian ships) rejects that syntax, and a name that works on one server and not the other is
 * worse than a clear error when the mapping is saved.
 */

export class PromQLError extends Error {}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isValidMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

export function isValidLabelName(name: string): boolean {
  // `__`-prefixed names are reserved for Prometheus' own labels; we only read `le`, and user labels.
  return LABEL_NAME.test(name) && !name.startsWith('__');
}

export function checkMetricName(name: string): string {
  if (!isValidMetricName(name)) {
    throw new PromQLError(`invalid Prometheus metric name ${JSON.stringify(name)}: expected [a-zA-Z_:][a-zA-Z0-9_:]*`);
  }
  return name;
}

export function checkLabelName(name: string): string {
  if (!isValidLabelName(name)) {
    throw new PromQLError(
      `invalid Prometheus label name ${JSON.stringify(name)}: expected [a-zA-Z_][a-zA-Z0-9_]* not starting with __`
    );
  }
  return name;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The value as a PromQL double-quoted string literal. Backslash and double quote are escaped, control
 * characters become `\n`, `\t`, ... or `\u00XX`; other Unicode passes through as UTF-8. A lone surrogate
 * cannot be encoded as UTF-8 (it would silently become U+FFFD and match another value), so it is an error.
 */
export function quoteString(value: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new PromQLError(`label value ${JSON.stringify(value)} is not valid Unicode (lone surrogate)`);
  }
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') {
      out += '\\\\';
    } else if (ch === '"') {
      out += '\\"';
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (code < 0x20 || code === 0x7f) {
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out + '"';
}

/** Escapes RE2 metacharacters so the value matches itself literally inside a regex matcher. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, (ch) => '\\' + ch);
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  label: string;
  op: MatchOp;
  /** For `=~`/`!~` a RE2 pattern (Prometheus anchors it); otherwise the literal value. */
  value: string;
}

export interface VectorSelector {
  kind: 'selector';
  metric: string;
  matchers: LabelMatcher[];
}

export type RangeFunctionName = 'increase' | 'rate';

export interface RangeFunctionCall {
  kind: 'rangeFunction';
  fn: RangeFunctionName;
  selector: VectorSelector;
  /** Whole seconds; Prometheus durations cannot express less than a millisecond anyway. */
  rangeSeconds: number;
}

export interface Aggregation {
  kind: 'aggregation';
  op: 'sum';
  by: string[];
  expr: Expr;
}

export type Expr = VectorSelector | RangeFunctionCall | Aggregation;

export function equals(label: string, value: string): LabelMatcher {
  return { label, op: '=', value };
}

/** Matches any of the literal values: `=` for one value, an escaped alternation for several. */
export function oneOf(label: string, values: readonly string[]): LabelMatcher {
  if (values.length === 0) {
    throw new PromQLError(`no values to match for label ${label}`);
  }
  if (values.length === 1) {
    return equals(label, values[0]);
  }
  return { label, op: '=~', value: values.map(escapeRegex).join('|') };
}

/** Matches every value but the listed literal ones (series without the label too, unless `''` is listed). */
export function noneOf(label: string, values: readonly string[]): LabelMatcher {
  if (values.length === 0) {
    throw new PromQLError(`no values to exclude for label ${label}`);
  }
  return { label, op: '!~', value: values.map(escapeRegex).join('|') };
}

export function selector(metric: string, matchers: LabelMatcher[]): VectorSelector {
  return { kind: 'selector', metric, matchers };
}

export function increase(sel: VectorSelector, rangeSeconds: number): RangeFunctionCall {
  return { kind: 'rangeFunction', fn: 'increase', selector: sel, rangeSeconds };
}

export function sumBy(by: string[], expr: Expr): Aggregation {
  return { kind: 'aggregation', op: 'sum', by, expr };
}

/** The matchers as they stand inside `{…}`, comma-separated, each value an escaped string literal. */
export function renderMatchers(matchers: readonly LabelMatcher[]): string {
  return matchers.map((m) => `${checkLabelName(m.label)}${m.op}${quoteString(m.value)}`).join(',');
}

function renderSelector(sel: VectorSelector): string {
  return `${checkMetricName(sel.metric)}{${renderMatchers(sel.matchers)}}`;
}

export function render(expr: Expr): string {
  switch (expr.kind) {
    case 'selector':
      return renderSelector(expr);
    case 'rangeFunction':
      if (!Number.isInteger(expr.rangeSeconds) || expr.rangeSeconds <= 0) {
        throw new PromQLError(`range must be a positive whole number of seconds, got ${expr.rangeSeconds}`);
      }
      return `${expr.fn}(${renderSelector(expr.selector)}[${expr.rangeSeconds}s])`;
    case 'aggregation': {
      // `le` is Prometheus' own bucket label and is allowed here although user labels are checked strictly.
      const by = expr.by.map((label) => (label === 'le' ? label : checkLabelName(label)));
      return `${expr.op} by (${by.join(', ')}) (${render(expr.expr)})`;
    }
  }
}

