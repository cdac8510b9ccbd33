/** Text output of the CLI: aligned tables, numbers for people, and bucket lists ready for instrumentation. */
import type { BaselineDocument } from '../drift/types';

/**
 * Text from the data (column and category names) made safe for a terminal and a one-line message: control
 * characters (newlines, escape sequences) are shown as \u escapes instead of acting.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Columns padded to their widest cell; numbers (also `-`, and bounds such as `≥0.12`) right-aligned, text left-aligned. */
export function alignedTable(header: readonly string[], unsafeRows: ReadonlyArray<readonly string[]>): string {
  const rows = unsafeRows.map((row) => row.map(printable));
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const numericColumn = header.map((_, i) => rows.length > 0 && rows.every((row) => /^≥?[-+\d.eE]+$|^-$/.test(row[i])));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numericColumn[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Four significant digits, scientific when very small or large; `-` for absent. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined) {
    return '-';
  }
  if (value === 0 || !Number.isFinite(value)) {
    return String(value);
  }
  const magnitude = Math.abs(value);
  return magnitude < 1e-4 || magnitude >= 1e6 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/**
 * The numeric features' finite upper bounds as Python prometheus_client and Node prom-client take them (both add
 * the +Inf bucket themselves), one block per feature.
 */
export function bucketSnippets(doc: BaselineDocument): string {
  const numeric = [...doc.features, ...(doc.prediction ? [doc.prediction] : []), ...(doc.label ? [doc.label] : [])].filter(
    (feature) => feature.kind === 'numeric'
  );
  if (numeric.length === 0) {
    return '';
  }
  const blocks = numeric.map((feature) => {
    const bounds = feature.kind === 'numeric' ? feature.histogram.upperBounds.map(String).join(', ') : '';
    return [
      `# ${JSON.stringify(feature.name)}`,
      `  Python prometheus_client: buckets=[${bounds}]`,
      `  Node prom-client:         buckets: [${bounds}]`,
    ].join('\n');
  });
  return ['Bucket upper bounds for instrumentation (+Inf is added by the client library):', ...blocks].join('\n');
}
