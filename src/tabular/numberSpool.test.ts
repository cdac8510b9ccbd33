import * as fs from 'node:fs';
import * as os from 'node:os';

import { NumberSpool } from './numberSpool';

function mldriftTempEntries(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('mldrift-') && !name.startsWith('mldrift-build-'));
}

describe('NumberSpool', () => {
  it('gives back every row in order, across many blocks, NaN and signed zero included', async () => {
    const width = 3;
    const spool = NumberSpool.open(width);
    if (spool === undefined) {
      throw new Error('no temporary file could be made');
    }
    const rows = 100_000;
    const row = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      row.set([r, r % 7 === 0 ? NaN : -r / 3, r === 5 ? -0 : 1 / (r + 1)]);
      spool.append(row);
    }
    const seen: number[][] = [];
    const replayed = await spool.replay((block, count) => {
      for (let r = 0; r < count; r++) {
        seen.push(Array.from(block.subarray(r * width, (r + 1) * width)));
      }
    });
    expect(replayed).toBe(true);
    spool.close();
    expect(seen).toHaveLength(rows);
    expect(seen[7]).toEqual([7, NaN, 1 / 8]);
    expect(Object.is(seen[5][2], -0)).toBe(true);
    expect(seen[rows - 1]).toEqual([rows - 1, -(rows - 1) / 3, 1 / rows]);
    expect(spool.usable).toBe(false);
  });

  it('leaves nothing in the temporary directory', async () => {
    const before = mldriftTempEntries();
    const spool = NumberSpool.open(1);
    spool?.append(Float64Array.of(1));
    expect(mldriftTempEntries()).toEqual(before);
    spool?.close();
    expect(mldriftTempEntries()).toEqual(before);
  });

  it('refuses a row of the wrong width instead of mixing rows up', async () => {
    const spool = NumberSpool.open(2);
    spool?.append(Float64Array.of(1, 2, 3));
    expect(spool?.usable).toBe(false);
    expect(await spool?.replay(() => undefined)).toBe(false);
    spool?.close();
  });
});
