import { expandPlaceholders } from './placeholders';

const VALUES = { windowSeconds: 3600, intervalSeconds: 60, model: 'fraud', version: 'v2', matchers: 'job="fraud-api"' };

describe('expandPlaceholders', () => {
  it('fills in window, interval, matchers and the quoted model and version', () => {
    expect(expandPlaceholders('sum by (le) (increase(x_bucket{$__matchers,v=$__version,m=$__model}[$__window])) / $__interval', VALUES)).toBe(
      'sum by (le) (increase(x_bucket{job="fraud-api",v="v2",m="fraud"}[3600s])) / 60s'
    );
  });

  it.each([
    ['a quote and a brace', '"} or vector(1) #', '"\\"} or vector(1) #"'],
    ['a newline', 'a\nb', '"a\\nb"'],
    ['regex metacharacters', '.*|(x)', '".*|(x)"'],
    ['a placeholder of its own', '$__window', '"$__window"'],
  ])('keeps a hostile value with %s one string literal', (_what, version, literal) => {
    expect(expandPlaceholders('x{v=$__version}[$__window]', { ...VALUES, version })).toBe(`x{v=${literal}}[3600s]`);
  });

  it('refuses an unknown placeholder rather than sending it', () => {
    expect(() => expandPlaceholders('rate(x[$__rate_interval])', VALUES)).toThrow('unknown placeholder $__rate_interval');
  });
});
