/**
 * Grafana's alerting identifies every result of a query by its labels alone and rejects an answer in which two
 * results share a label set ("frame cannot uniquely be identified by its labels": grafana/grafana
 * pkg/services/ngalert/eval/eval.go). Several quantities of one query carry the same labels and differ only by
 * field name: a feature's missing_rate and out_of_baseline_rate, a model's accuracy and macro_f1, a drift score
 * and its p-value. Those value fields get a `quantity` label naming the field. Series that are unique already
 * keep their labels, so alert instances of single-quantity queries (the shipped rules) keep their identity.
 */
import type { Frame, FrameField } from '../frames';

export const QUANTITY_LABEL = 'quantity';

const MULTI_FRAME_TYPES = new Set(['numeric-multi', 'timeseries-multi']);

function labelKey(labels: Record<string, string> | undefined): string {
  return JSON.stringify(Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function valueFields(frame: Frame): FrameField[] {
  return MULTI_FRAME_TYPES.has(frame.meta?.type ?? '') ? frame.fields.filter((f) => f.type === 'number') : [];
}

/** The frames with a `quantity` label on value fields whose label set another value field shares. */
export function distinguishQuantities(frames: Frame[]): Frame[] {
  const uses = new Map<string, number>();
  for (const frame of frames) {
    for (const f of valueFields(frame)) {
      const key = labelKey(f.labels);
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }
  const shared = (f: FrameField) => (uses.get(labelKey(f.labels)) ?? 0) > 1;
  if (!frames.some((frame) => valueFields(frame).some(shared))) {
    return frames;
  }
  return frames.map((frame) => {
    const fields = valueFields(frame);
    if (!fields.some(shared)) {
      return frame;
    }
    return {
      ...frame,
      fields: frame.fields.map((f) => (fields.includes(f) && shared(f) ? { ...f, labels: { ...f.labels, [QUANTITY_LABEL]: f.name } } : f)),
    };
  });
}
