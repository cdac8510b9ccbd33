import { terminalProgress } from './progress';

describe('terminalProgress', () => {
  it('stays silent when stderr is not a terminal', () => {
    expect(terminalProgress({ isTTY: false, write: () => undefined })).toBeUndefined();
  });

  it('redraws one line at most every 250 ms and clears it at the end', () => {
    const written: string[] = [];
    let clock = 0;
    const progress = terminalProgress({ isTTY: true, write: (t: string) => written.push(t) }, () => clock);
    progress?.start('big.csv', 4 * 1048576);
    progress?.advance(1048576);
    clock = 300;
    progress?.advance(1048576);
    clock = 400;
    progress?.advance(1048576);
    progress?.done();
    expect(written).toEqual(['\rbig.csv: 50% (2 MiB)', '\r\x1b[K']);
  });
});
