import { formatLogLine, logTimestamp } from './log';

describe('log lines for go-plugin', () => {
  it('writes @timestamp with six fractional digits, as go-plugin parses it', () => {
    expect(logTimestamp(new Date(Date.UTC(2026, 11, 7, 5, 28, 17, 480)))).toBe('2026-12-07T05:28:17.480000Z');
    expect(logTimestamp(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-01-01T00:00:00.000000Z');
  });

  it('keeps the host keys first and lets no field override them', () => {
    const line = formatLogLine('warn', 'slow answer', { '@level': 'error', '@timestamp': 'x', refId: 'A', ms: 12, skipped: undefined }, new Date(0));
    expect(line).toBe('{"@level":"warn","@message":"slow answer","@timestamp":"1970-01-01T00:00:00.000000Z","refId":"A","ms":12}');
  });
});
