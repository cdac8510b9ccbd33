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

const NANOS_PER_MILLI = 1_000_000n;

/** Epoch milliseconds (fractions kept to the nanosecond) or nanoseconds as a bigint → nanoseconds. */
export function toEpochNanos(value: number | bigint): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  if (!Number.isFinite(value)) {
    throw new Error(`time value ${value} is not a finite number`);
  }
  const wholeMillis = Math.trunc(value);
  const fractionNanos = Math.round((value - wholeMillis) * 1e6);
  return BigInt(wholeMillis) * NANOS_PER_MILLI + BigInt(fractionNanos);
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
  values.forEach((value, index) => {
    if (value === null || value === undefined) {
      nullCount++;
    } else {
      bitmap[index >> 3] |= 1 << (index & 7);
    }
  });
  return nullCount === 0 ? { nullCount } : { bitmap, nullCount };
}

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

function columnData(f: FrameField, length: number): Data {
  const { bitmap, nullCount } = validityBitmap(f.values);
  const common = { length, nullCount, nullBitmap: bitmap };
  switch (f.type) {
    case 'number': {
      const values = Float64Array.from(f.values as Array<number | null>, (v) => (isPresent(v) ? v : 0));
      return makeData({ type: new Float64(), data: values, ...common });
    }
    case 'int64': {
      const values = BigInt64Array.from(f.values as Array<number | bigint | null>, (v) => (isPresent(v) ? toInt64(v) : 0n));
      return makeData({ type: new Int64(), data: values, ...common });
    }
    case 'time': {
      const values = BigInt64Array.from(f.values as Array<number | bigint | null>, (v) =>
        isPresent(v) ? toEpochNanos(v) : 0n
      );
      return makeData({ type: new TimestampNanosecond(), data: values, ...common });
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
