/**
 * Encodes one frame as one Arrow IPC *file* (ARROW1 magic at both ends), the format Grafana's frame reader
 * expects in `DataResponse.frames`. Every column is built with an explicit type: apache-arrow's inference
 * would turn strings into Dictionary columns (rejected by Grafana) and its timestamp builder goes through a
 * float, which loses nanosecond precision, so timestamps are built here from a BigInt64Array.
 */
import {
  Bool,
  Data,
  DataType,
  Field,
  Float64,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampNanosecond,
  Utf8,
  makeData,
  tableToIPC,
} from 'apache-arrow';
import { Frame, FrameField, FieldType, frameLength } from './frame';

const NANOS_PER_MILLI = 1e6;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_31 = 2 ** 31;

/**
 * Writes epoch milliseconds (fractions kept to the nanosecond) as little-endian int64 nanoseconds at `offset`,
 * exactly and without a BigInt per value (three BigInt operations per timestamp were the largest cost of encoding
 * a query's frames). The milliseconds are split at 2^32 so that every product stays below 2^53: with
 * ms = high·2^32 + low, ns = high·10^6·2^32 + (low·10^6 + fraction), the second term carried into the high word.
 */
function setEpochNanos(view: DataView, offset: number, value: number): void {
  if (!Number.isFinite(value)) {
    throw new Error(`time value ${value} is not a finite number`);
  }
  const wholeMillis = Math.trunc(value);
  const fractionNanos = Math.round((value - wholeMillis) * NANOS_PER_MILLI);
  const highMillis = Math.floor(wholeMillis / TWO_POW_32);
  const lowNanos = (wholeMillis - highMillis * TWO_POW_32) * NANOS_PER_MILLI + fractionNanos;
  const carry = Math.floor(lowNanos / TWO_POW_32);
  const high = highMillis * NANOS_PER_MILLI + carry;
  if (!Number.isSafeInteger(wholeMillis) || high < -TWO_POW_31 || high >= TWO_POW_31) {
    throw new Error(`time value ${value} ms is outside the range of int64 nanoseconds`);
  }
  view.setUint32(offset, lowNanos - carry * TWO_POW_32, true);
  view.setInt32(offset + 4, high, true);
}

/** Epoch milliseconds (fractions kept to the nanosecond) or nanoseconds as a bigint → nanoseconds. */
export function toEpochNanos(value: number | bigint): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  const view = new DataView(new ArrayBuffer(8));
  setEpochNanos(view, 0, value);
  return view.getBigInt64(0, true);
}

/** A time column: epoch nanoseconds, missing values as 0 (the validity bitmap marks them). */
function timeColumn(values: ReadonlyArray<number | bigint | null>): BigInt64Array {
  const column = new BigInt64Array(values.length);
  const view = new DataView(column.buffer);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'bigint') {
      view.setBigInt64(i * 8, value, true);
    } else if (isPresent(value)) {
      setEpochNanos(view, i * 8, value);
    }
  }
  return column;
}

function toInt64(value: number | bigint): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  if (!Number.isSafeInteger(value)) {
    throw new Error(`int64 value ${value} is not a safe integer`);
  }
  return BigInt(value);
}

/** Validity bitmap (bit set = present), or undefined when nothing is missing. */
function validityBitmap(values: readonly unknown[]): { bitmap?: Uint8Array; nullCount: number } {
  let nullCount = 0;
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  for (let index = 0; index < values.length; index++) {
    if (isPresent(values[index])) {
      bitmap[index >> 3] |= 1 << (index & 7);
    } else {
      nullCount++;
    }
  }
  return nullCount === 0 ? { nullCount } : { bitmap, nullCount };
}

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/**
 * A typed column from frame values, missing ones as `zero` (the validity bitmap marks them). A plain loop: the
 * typed arrays' `from` with a mapping function costs several times more, for every frame a query returns.
 */
function typedColumn<V, T extends Float64Array | BigInt64Array>(values: ReadonlyArray<V | null>, column: T, convert: (value: V) => T[number], zero: T[number]): T {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    column[i] = isPresent(value) ? convert(value) : zero;
  }
  return column;
}

const sameNumber = (value: number): number => value;

function columnData(f: FrameField, length: number): Data {
  const { bitmap, nullCount } = validityBitmap(f.values);
  const common = { length, nullCount, nullBitmap: bitmap };
  switch (f.type) {
    case 'number': {
      const values = typedColumn(f.values as Array<number | null>, new Float64Array(length), sameNumber, 0);
      return makeData({ type: new Float64(), data: values, ...common });
    }
    case 'int64': {
      const values = typedColumn(f.values as Array<number | bigint | null>, new BigInt64Array(length), toInt64, 0n);
      return makeData({ type: new Int64(), data: values, ...common });
    }
    case 'time': {
      return makeData({ type: new TimestampNanosecond(), data: timeColumn(f.values as Array<number | bigint | null>), ...common });
    }
    case 'boolean': {
      const bits = new Uint8Array(Math.ceil(length / 8));
      (f.values as Array<boolean | null>).forEach((v, index) => {
        if (v === true) {
          bits[index >> 3] |= 1 << (index & 7);
        }
      });
      return makeData({ type: new Bool(), data: bits, ...common });
    }
    case 'string': {
      const encoder = new TextEncoder();
      const encoded = (f.values as Array<string | null>).map((v) => encoder.encode(isPresent(v) ? v : ''));
      const offsets = new Int32Array(length + 1);
      encoded.forEach((bytes, index) => {
        offsets[index + 1] = offsets[index] + bytes.length;
      });
      const data = new Uint8Array(offsets[length]);
      encoded.forEach((bytes, index) => data.set(bytes, offsets[index]));
      return makeData({ type: new Utf8(), data, valueOffsets: offsets, ...common });
    }
  }
}

function arrowType(type: FieldType): DataType {
  switch (type) {
    case 'number':
      return new Float64();
    case 'int64':
      return new Int64();
    case 'time':
      return new TimestampNanosecond();
    case 'boolean':
      return new Bool();
    case 'string':
      return new Utf8();
  }
}

function fieldMetadata(f: FrameField): Map<string, string> {
  const metadata = new Map<string, string>();
  if (f.labels && Object.keys(f.labels).length > 0) {
    metadata.set('labels', JSON.stringify(f.labels));
  }
  if (f.config && Object.keys(f.config).length > 0) {
    metadata.set('config', JSON.stringify(f.config));
  }
  return metadata;
}

function schemaMetadata(frame: Frame): Map<string, string> {
  const metadata = new Map<string, string>([
    ['name', frame.name ?? ''],
    ['refId', frame.refId ?? ''],
  ]);
  if (frame.meta) {
    metadata.set('meta', JSON.stringify(frame.meta));
  }
  return metadata;
}

/** One frame → the bytes of one Arrow IPC file. */
export function encodeFrame(frame: Frame): Uint8Array {
  const length = frameLength(frame);
  // Every field is nullable: Grafana then reads numbers as *float64, which keeps missing values missing.
  const fields = frame.fields.map((f) => new Field(f.name, arrowType(f.type), true, fieldMetadata(f)));
  const schema = new Schema(fields, schemaMetadata(frame));
  const children = frame.fields.map((f) => columnData(f, length));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
  return tableToIPC(new Table(schema, batch), 'file');
}
