/**
 * A minimal writer of Prometheus' protobuf exposition (`io.prometheus.client.MetricFamily`, length-delimited),
 * enough for one native histogram family: the only way Prometheus 2.42 ingests native histograms from a scrape.
 * Field numbers as in prometheus/prometheus `prompb/io/prometheus/client/metrics.proto`: MetricFamily name 1,
 * help 2, type 3 (HISTOGRAM = 4), metric 4; Metric label 1, histogram 7; LabelPair name 1, value 2; Histogram
 * sample_count 1, sample_sum 2, schema 5 (sint32), zero_threshold 6, zero_count 7, negative_span 9,
 * negative_delta 10 (sint64), positive_span 12, positive_delta 13 (sint64); BucketSpan offset 1 (sint32),
 * length 2.
 */

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

class ProtoWriter {
  private readonly bytes: number[] = [];

  varint(value: number): this {
    let v = BigInt.asUintN(64, BigInt(Math.trunc(value)));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) {
        byte |= 0x80;
      }
      this.bytes.push(byte);
    } while (v > 0n);
    return this;
  }

  private key(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  uint(field: number, value: number): this {
    return this.key(field, 0).varint(value);
  }

  /** sint32/sint64: zigzag, so small negative numbers stay short. */
  sint(field: number, value: number): this {
    return this.key(field, 0).varint(value >= 0 ? 2 * value : -2 * value - 1);
  }

  double(field: number, value: number): this {
    this.key(field, 1);
    const buffer = Buffer.alloc(8);
    buffer.writeDoubleLE(value);
    this.bytes.push(...buffer);
    return this;
  }

  bytesField(field: number, payload: Uint8Array): this {
    this.key(field, 2).varint(payload.length);
    this.bytes.push(...payload);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, Buffer.from(value, 'utf8'));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** Bucket counts by index (bucket i of schema s covers (2^((i-1)/2^s), 2^(i/2^s)] in absolute value). */
export interface NativeHistogramState {
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  count: number;
  sum: number;
  positive: Map<number, number>;
  negative: Map<number, number>;
}

export function emptyNativeHistogram(schema: number, zeroThreshold: number): NativeHistogramState {
  return { schema, zeroThreshold, zeroCount: 0, count: 0, sum: 0, positive: new Map(), negative: new Map() };
}

export function observeNative(h: NativeHistogramState, value: number): void {
  h.count++;
  h.sum += value;
  if (Math.abs(value) <= h.zeroThreshold) {
    h.zeroCount++;
    return;
  }
  const index = Math.ceil(Math.log2(Math.abs(value)) * 2 ** h.schema);
  const side = value > 0 ? h.positive : h.negative;
  side.set(index, (side.get(index) ?? 0) + 1);
}

/** One span from the smallest to the largest used index, with deltas (empty buckets inside it are 0). */
function writeBuckets(writer: ProtoWriter, buckets: Map<number, number>, spanField: number, deltaField: number): void {
  if (buckets.size === 0) {
    return;
  }
  const indexes = [...buckets.keys()].sort((a, b) => a - b);
  const first = indexes[0];
  const length = indexes[indexes.length - 1] - first + 1;
  writer.bytesField(spanField, new ProtoWriter().sint(1, first).uint(2, length).finish());
  let previous = 0;
  for (let i = first; i < first + length; i++) {
    const count = buckets.get(i) ?? 0;
    writer.sint(deltaField, count - previous);
    previous = count;
  }
}

function encodeHistogram(h: NativeHistogramState): Uint8Array {
  const writer = new ProtoWriter().uint(1, h.count).double(2, h.sum).sint(5, h.schema).double(6, h.zeroThreshold).uint(7, h.zeroCount);
  writeBuckets(writer, h.negative, 9, 10);
  writeBuckets(writer, h.positive, 12, 13);
  if (h.positive.size === 0 && h.negative.size === 0) {
    // An empty span marks the histogram as native even before its first observation.
    writer.bytesField(12, new ProtoWriter().sint(1, 0).uint(2, 0).finish());
  }
  return writer.finish();
}

export interface NativeSeriesExposition {
  labels: Record<string, string>;
  histogram: NativeHistogramState;
}

/** One histogram family as a length-delimited MetricFamily message. */
export function encodeNativeFamily(name: string, help: string, series: readonly NativeSeriesExposition[]): Buffer {
  const family = new ProtoWriter().string(1, name).string(2, help).uint(3, 4);
  for (const s of series) {
    const metric = new ProtoWriter();
    for (const [key, value] of Object.entries(s.labels)) {
      metric.bytesField(1, new ProtoWriter().string(1, key).string(2, value).finish());
    }
    metric.bytesField(7, encodeHistogram(s.histogram));
    family.bytesField(4, metric.finish());
  }
  const body = family.finish();
  return Buffer.concat([new ProtoWriter().varint(body.length).finish(), body]);
}
