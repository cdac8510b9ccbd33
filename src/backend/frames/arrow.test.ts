import { DataType, Type, TimeUnit, tableFromIPC } from 'apache-arrow';
import { encodeFrame, toEpochNanos } from './arrow';
import { Frame, field } from './frame';

const MAGIC = 'ARROW1';

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

describe('encodeFrame', () => {
  const frame: Frame = {
    name: 'age',
    refId: 'A',
    meta: { type: 'numeric-multi', typeVersion: [0, 1], notices: [{ severity: 'warning', text: 'merged bins' }], custom: { feature: 'age' } },
    fields: [
      field('time', 'time', [1767225600001, 1767225600002.5, null]),
      field('label', 'string', ['a', null, 'ü€']),
      field('value', 'number', [1.5, null, Number.NaN], { labels: { feature: 'age' }, config: { unit: 'percent' } }),
      field('count', 'int64', [1, 2n ** 62n, null]),
      field('drift', 'boolean', [true, false, null]),
    ],
  };

  it('writes an Arrow IPC file with the magic at both ends', () => {
    const bytes = encodeFrame(frame);
    expect(ascii(bytes.subarray(0, 6))).toBe(MAGIC);
    expect(ascii(bytes.subarray(bytes.length - 6))).toBe(MAGIC);
  });

  it('uses explicit Grafana-readable types, never Dictionary', () => {
    const table = tableFromIPC(encodeFrame(frame));
    const types = table.schema.fields.map((f) => f.type as DataType);
    expect(types.map((t) => t.typeId)).toEqual([Type.Timestamp, Type.Utf8, Type.Float, Type.Int, Type.Bool]);
    expect((types[0] as DataType<Type.Timestamp> & { unit: TimeUnit }).unit).toBe(TimeUnit.NANOSECOND);
    expect(table.schema.fields.every((f) => f.nullable)).toBe(true);
  });

  it('keeps timestamps exact to the nanosecond', () => {
    const table = tableFromIPC(encodeFrame(frame));
    const raw = table.getChild('time')!.data[0].values as BigInt64Array;
    expect(raw[0]).toBe(1767225600001000000n);
    expect(raw[1]).toBe(1767225600002500000n);
    expect(table.getChild('time')!.get(2)).toBeNull();
  });

  it('round-trips values, nulls and NaN', () => {
    const table = tableFromIPC(encodeFrame(frame));
    expect(table.getChild('label')!.toArray()).toEqual(['a', null, 'ü€']);
    const value = table.getChild('value')!;
    expect(value.get(0)).toBe(1.5);
    expect(value.get(1)).toBeNull();
    expect(Number.isNaN(value.get(2))).toBe(true);
    expect(table.getChild('count')!.get(1)).toBe(2n ** 62n);
    expect([0, 1, 2].map((i) => table.getChild('drift')!.get(i))).toEqual([true, false, null]);
  });

  it('writes schema metadata name/refId/meta and field metadata labels/config', () => {
    const table = tableFromIPC(encodeFrame(frame));
    expect(table.schema.metadata.get('name')).toBe('age');
    expect(table.schema.metadata.get('refId')).toBe('A');
    expect(JSON.parse(table.schema.metadata.get('meta')!)).toEqual(frame.meta);
    const value = table.schema.fields[2];
    expect(JSON.parse(value.metadata.get('labels')!)).toEqual({ feature: 'age' });
    expect(JSON.parse(value.metadata.get('config')!)).toEqual({ unit: 'percent' });
    expect(table.schema.fields[0].metadata.has('labels')).toBe(false);
  });

  it('encodes an empty frame', () => {
    const table = tableFromIPC(encodeFrame({ name: 'empty', fields: [field('value', 'number', [])] }));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields[0].name).toBe('value');
  });

  it('rejects ragged frames and unsafe values instead of writing wrong numbers', () => {
    expect(() => encodeFrame({ fields: [field('a', 'number', [1]), field('b', 'number', [])] })).toThrow(/1 values|0 values/);
    expect(() => encodeFrame({ fields: [field('t', 'time', [Number.NaN])] })).toThrow(/finite/);
    expect(() => encodeFrame({ fields: [field('n', 'int64', [2 ** 60])] })).toThrow(/safe integer/);
  });
});

describe('toEpochNanos', () => {
  it('converts milliseconds exactly', () => {
    expect(toEpochNanos(1767225600001)).toBe(1767225600001000000n);
    expect(toEpochNanos(-1.5)).toBe(-1500000n);
    expect(toEpochNanos(5n)).toBe(5n);
  });

  it('agrees with BigInt arithmetic across the int64 range, carries and negative fractions included', () => {
    const viaBigInt = (ms: number) => BigInt(Math.trunc(ms)) * 1_000_000n + BigInt(Math.round((ms - Math.trunc(ms)) * 1e6));
    const values = [0, -0, 1, -1, 0.9999996, -0.9999996, 2 ** 32 - 0.5, -(2 ** 32) + 0.25, 1767225600001.25, -1767225600001.75, 9223372036854.775, -9223372036854.775];
    for (const ms of values) {
      expect(toEpochNanos(ms)).toBe(viaBigInt(ms));
    }
  });

  it('rejects times whose nanoseconds do not fit in an int64 instead of wrapping them', () => {
    expect(() => toEpochNanos(9223372036855)).toThrow(/outside the range of int64 nanoseconds/);
    expect(() => toEpochNanos(-9223372036855)).toThrow(/outside the range/);
    expect(() => toEpochNanos(1e300)).toThrow(/outside the range/);
  });
});
