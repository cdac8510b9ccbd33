import { encodeFileSegment, fileNameToId, idToFileName } from './ids';

describe('baseline id file names', () => {
  it('encodes injectively and reversibly, never producing separators or hidden names', () => {
    const ids = ['a/b@1', 'a%2Fb@1', 'a_b@1', 'ab@1', '..@1', '.hidden@1', 'ü@1', 'a b@1', 'A@1', 'a@1', 'a\\b@1'];
    const names = ids.map(idToFileName);
    expect(new Set(names).size).toBe(ids.length);
    for (const [i, name] of names.entries()) {
      expect(name).not.toMatch(/[/\\]/);
      expect(name.startsWith('.')).toBe(false);
      expect(fileNameToId(name)).toBe(ids[i]);
    }
  });

  it('ignores files the store did not write', () => {
    expect(fileNameToId('.x@1.json.123.abc.tmp')).toBeUndefined();
    expect(fileNameToId('notes.txt')).toBeUndefined();
    // Not the canonical encoding of any id.
    expect(fileNameToId('a%2fb@1.json')).toBeUndefined();
    expect(fileNameToId('%zz@1.json')).toBeUndefined();
  });

  it('keeps readable characters readable', () => {
    expect(encodeFileSegment('churn-model_2@2026-01')).toBe('churn-model_2@2026-01');
    expect(encodeFileSegment('a.b')).toBe('a%2Eb');
  });
});
