import { TextTally } from './textTally';
import { mulberry32 } from '../prng';

function mapTally(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  texts.forEach((text) => counts.set(text, (counts.get(text) ?? 0) + 1));
  return counts;
}

describe('TextTally', () => {
  it('counts exactly what a Map of strings counts, in first-seen order, past many growths', () => {
    const next = mulberry32(13);
    const pool = ['', '0', '00', '1', '1.0', 'a', 'A', 'rød', '東京', '\ud83d', '\ud83d\ude00', 'x'.repeat(10_000)];
    const texts: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      texts.push(next() < 0.3 ? pool[Math.floor(next() * pool.length)] : String(Math.floor(next() * 20_000)));
    }
    const tally = new TextTally();
    texts.forEach((text) => tally.add(text));
    const expected = mapTally(texts);
    expect(tally.size).toBe(expected.size);
    expect(tally.entries()).toEqual([...expected.entries()]);
  });

  it('counts spans of a longer text as the strings they spell', () => {
    const line = '12,7,12,,7';
    const tally = new TextTally();
    for (const [start, end] of [[0, 2], [3, 4], [5, 7], [8, 8], [9, 10]]) {
      tally.add(line, start, end);
    }
    expect(tally.entries()).toEqual([['12', 2], ['7', 2], ['', 1]]);
  });
});
