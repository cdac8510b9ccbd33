import { BackendError } from '../errors';
import type { BaselineDocument, BaselineFeature } from '../../drift/types';
import { MAX_SEGMENT_LIMIT } from '../../shared/queryModel';
import { chooseSegments, missingSegmentLabelNotice, otherName, segmentOptions, selectedSegment, selectedSegmentReference, withIgnoredSegmentNotice, withStoredSegments } from './segments';
import type { QueryContext } from './types';

const traffic = (entries: Array<[string, number]>) => ({ values: entries.map(([value, observations]) => ({ value, observations })) });

describe('segmentOptions', () => {
  it('is undefined without segmentBy, and defaults to the top 10 plus other', () => {
    expect(segmentOptions({})).toBeUndefined();
    expect(segmentOptions({ segmentBy: '  ' })).toBeUndefined();
    expect(segmentOptions({ segmentBy: 'region' })).toEqual({ label: 'region', limit: 10, other: true });
    expect(segmentOptions({ segmentBy: 'region', segmentLimit: 3, segmentOther: false })).toEqual({ label: 'region', limit: 3, other: false });
  });

  it.each([0, -1, 2.5, MAX_SEGMENT_LIMIT + 1, Number.NaN])('refuses segmentLimit %p with a 400 naming it', (limit) => {
    const refused = () => segmentOptions({ segmentBy: 'region', segmentLimit: limit });
    expect(refused).toThrow(BackendError);
    expect(refused).toThrow(/segmentLimit: .* is not a whole number from 1 to 50/);
  });
});

describe('chooseSegments', () => {
  const options = { label: 'region', limit: 2, other: true };

  it('keeps the values with the most traffic and sums the rest into other, with a notice', () => {
    const { segments, notices } = chooseSegments(traffic([['eu', 50], ['ap', 5], ['us', 30], ['', 7], ['sa', 0]]), options);
    expect(segments).toEqual([
      { name: 'eu', filter: { label: 'region', value: 'eu', readWith: ['eu', 'us'], readWithRest: true } },
      { name: 'us', filter: { label: 'region', value: 'us', readWith: ['eu', 'us'], readWithRest: true } },
      { name: 'other', filter: { label: 'region', except: ['eu', 'us'], readWithTop: true } },
    ]);
    // A value without traffic in the range is no segment of it.
    expect(notices).toEqual([
      { severity: 'info', text: 'region: 4 segment values in the range; the 2 with the most traffic have their own series, the other 2 (12 observations) are summed into "other"' },
    ]);
  });

  it('breaks ties by value, so refreshes keep the same segments', () => {
    const { segments } = chooseSegments(traffic([['b', 5], ['c', 5], ['a', 5]]), options);
    expect(segments.map((s) => s.name)).toEqual(['a', 'b', 'other']);
  });

  it('leaves the rest out when asked, and says so', () => {
    const { segments, notices } = chooseSegments(traffic([['eu', 50], ['us', 30], ['ap', 5]]), { ...options, other: false });
    expect(segments.map((s) => s.name)).toEqual(['eu', 'us']);
    // No rest is read, so none is read with the top values.
    expect(segments.map((s) => s.filter)).toEqual([
      { label: 'region', value: 'eu', readWith: ['eu', 'us'], readWithRest: false },
      { label: 'region', value: 'us', readWith: ['eu', 'us'], readWithRest: false },
    ]);
    expect(notices[0].text).toContain('the other 1 (5 observations) are left out (segmentOther: false)');
  });

  it('has no other series and no notice when every value fits', () => {
    expect(chooseSegments(traffic([['eu', 1], ['us', 2]]), options)).toEqual({
      segments: [
        { name: 'us', filter: { label: 'region', value: 'us', readWith: ['eu', 'us'], readWithRest: false } },
        { name: 'eu', filter: { label: 'region', value: 'eu', readWith: ['eu', 'us'], readWithRest: false } },
      ],
      notices: [],
    });
  });

  it('keeps hostile values as they are: names and filter values, never rewritten', () => {
    const hostile = 'a"b{c}|.*\n';
    const { segments } = chooseSegments(traffic([[hostile, 9], ['', 8], ['x', 1]]), options);
    expect(segments.map((s) => s.name)).toEqual([hostile, '', 'other']);
    expect(segments[2].filter).toEqual({ label: 'region', except: ['', hostile], readWithTop: true });
  });

  it('names the set read together in one order whatever the ranking, so a refresh after a swap reads the same queries', () => {
    const before = chooseSegments(traffic([['eu', 50], ['us', 30], ['ap', 5]]), options);
    const after = chooseSegments(traffic([['eu', 30], ['us', 50], ['ap', 5]]), options);
    expect(before.segments.map((s) => s.name)).toEqual(['eu', 'us', 'other']);
    expect(after.segments.map((s) => s.name)).toEqual(['us', 'eu', 'other']);
    const sets = (chosen: typeof before) => chosen.segments.map((s) => ('value' in s.filter ? s.filter.readWith : s.filter.except));
    expect(sets(after)).toEqual(sets(before));
  });
});

describe('otherName', () => {
  it('is other unless a top value takes it', () => {
    expect(otherName(['eu'])).toBe('other');
    expect(otherName(['other', '(other)'])).toBe('((other))');
  });
});

describe('missingSegmentLabelNotice', () => {
  it('names the labels the observations have', () => {
    expect(missingSegmentLabelNotice('regoin', 'age', ['version', 'model', 'feature']).text).toBe(
      'segmentBy: no observation of age in the range has a value for "regoin"; the labels (fields) there are: feature, model, version'
    );
  });
});

describe('withStoredSegments', () => {
  const feature = (name: string, counts: number[]): BaselineFeature => ({ name, kind: 'categorical', distribution: { categories: ['a', 'b'], counts }, n: 1, missing: 0, nonFinite: 0 });
  const shared = feature('plan', [1, 1]);
  const baseline = {
    features: [shared],
    segments: { by: 'region', values: [{ value: 'eu', rows: 5, features: [feature('plan', [4, 1])] }] },
  } as unknown as BaselineDocument;
  const segments = chooseSegments(traffic([['eu', 9], ['us', 5], ['ap', 1]]), { label: 'region', limit: 2, other: true }).segments;

  it('gives a segment its own distributions, the others the shared ones with a notice', () => {
    const { segments: references, notices } = withStoredSegments(baseline, 'region', segments);
    expect(notices).toEqual([]);
    const distributionOf = (f: BaselineFeature | undefined) => (f?.kind === 'categorical' ? f.distribution : undefined);
    expect(references.map((r) => distributionOf(r.baselineFeature(shared)))).toEqual([
      { categories: ['a', 'b'], counts: [4, 1] },
      undefined,
      undefined,
    ]);
    expect(references.map((r) => r.notices.length)).toEqual([0, 1, 1]);
    expect(references[1].notices[0].text).toBe('the baseline has no distributions of its own for this segment: compared with the shared ones');
  });

  it('uses the shared distributions for segments by another label, and says so once', () => {
    const { segments: references, notices } = withStoredSegments(baseline, 'tenant', segments);
    expect(references.every((r) => r.baselineFeature(shared) === undefined && r.notices.length === 0)).toBe(true);
    expect(notices[0].text).toBe('the baseline keeps segments by "region", not "tenant": every segment is compared with the shared distributions');
  });
});

describe('selectedSegment', () => {
  it('is undefined without a segment value, whatever segmentBy says', () => {
    expect(selectedSegment({})).toBeUndefined();
    expect(selectedSegment({ segmentBy: 'region' })).toBeUndefined();
  });

  it.each(['eu', '', ' ', 'a"b{c}|.*\n} or vector(1)', '"}]} or *', '$segment'])('keeps the value %p as a plain value of the label', (value) => {
    expect(selectedSegment({ segmentBy: ' region ', segment: value })).toEqual({ name: value, filter: { label: 'region', value } });
  });

  it.each([undefined, '', '  '])('refuses a value without a label (segmentBy %p) with a 400 naming segment', (segmentBy) => {
    const refused = () => selectedSegment({ segmentBy, segment: 'eu' });
    expect(refused).toThrow(BackendError);
    expect(refused).toThrow('segment: "eu" needs segmentBy, the label (field) it is a value of');
  });

  it.each(['\uD800', 'eu\uDC00', '\uDFFF\uD800'])('refuses a value that is no Unicode text (%j) with a 400 naming segment', (value) => {
    const refused = () => selectedSegment({ segmentBy: 'region', segment: value });
    expect(refused).toThrow(BackendError);
    expect(refused).toThrow(/^segment: ".*" is not valid Unicode \(a lone surrogate\)/);
  });

  it('keeps a value with a surrogate pair, an emoji', () => {
    expect(selectedSegment({ segmentBy: 'region', segment: 'eu 🇪🇺' })?.filter).toEqual({ label: 'region', value: 'eu 🇪🇺' });
  });
});

describe('selectedSegmentReference', () => {
  const feature = (name: string, counts: number[]): BaselineFeature => ({ name, kind: 'categorical', distribution: { categories: ['a', 'b'], counts }, n: 1, missing: 0, nonFinite: 0 });
  const shared = feature('plan', [1, 1]);
  const own = feature('plan', [4, 1]);
  const baseline = { features: [shared], segments: { by: 'region', values: [{ value: 'eu', rows: 5, features: [own] }] } } as unknown as BaselineDocument;

  it("compares a value the baseline keeps with its own distributions, without a notice", () => {
    const { segment, notices } = selectedSegmentReference(baseline, selectedSegment({ segmentBy: 'region', segment: 'eu' })!);
    expect(segment.baselineFeature(shared)).toBe(own);
    expect(notices).toEqual([]);
  });

  it('compares any other value with the shared ones, named as a segmented drift query names it', () => {
    const { segment, notices } = selectedSegmentReference(baseline, selectedSegment({ segmentBy: 'region', segment: 'us' })!);
    expect(segment.baselineFeature(shared)).toBeUndefined();
    expect(notices).toEqual([{ severity: 'info', text: 'region="us": the baseline has no distributions of its own for this segment: compared with the shared ones' }]);
  });

  it('says so when the baseline keeps segments by another label', () => {
    const { segment, notices } = selectedSegmentReference(baseline, selectedSegment({ segmentBy: 'tenant', segment: 'eu' })!);
    expect(segment.baselineFeature(shared)).toBeUndefined();
    expect(notices.map((n) => n.text)).toEqual(['the baseline keeps segments by "region", not "tenant": every segment is compared with the shared distributions']);
  });
});

describe('withIgnoredSegmentNotice', () => {
  const frame = { name: 'age', meta: { notices: [{ severity: 'info' as const, text: 'kept' }] }, fields: [] };
  const answer = async () => ({ frames: [frame] });
  const contextWith = (query: { segmentBy?: string; segment?: string }) => ({ query: { refId: 'A', ...query } }) as unknown as QueryContext;
  const noticesOf = async (queryType: Parameters<typeof withIgnoredSegmentNotice>[0], query: { segmentBy?: string; segment?: string }) =>
    (await withIgnoredSegmentNotice(queryType, answer)(contextWith(query))).frames[0].meta?.notices?.map((n) => n.text);

  it('says that a query type without segments counts every segment together', async () => {
    const result = await withIgnoredSegmentNotice('confusion', answer)(contextWith({ segmentBy: 'region' }));
    expect(result.frames[0].meta?.notices).toEqual([
      { severity: 'info', text: 'segmentBy: only drift queries are split by segment (and distribution and dataQuality queries read one); this confusion query counts every segment together' },
      { severity: 'info', text: 'kept' },
    ]);
    // The handler's frame is left as it was (frames are not changed once returned).
    expect(frame.meta.notices).toHaveLength(1);
    expect(await noticesOf('performance', { segment: 'eu' })).toHaveLength(2);
  });

  it('says that a distribution or dataQuality query with segmentBy alone reads every segment', async () => {
    for (const queryType of ['distribution', 'dataQuality'] as const) {
      expect(await noticesOf(queryType, { segmentBy: 'region' })).toEqual([
        `segmentBy: a ${queryType} query reads the one segment value named by segment; without one, this query counts every segment together`,
        'kept',
      ]);
      expect(await noticesOf(queryType, { segmentBy: 'region', segment: '' })).toEqual(['kept']);
    }
  });

  it("says that a drift query leaves a segment value unread, but not its segmentBy", async () => {
    expect(await noticesOf('drift', { segmentBy: 'region' })).toEqual(['kept']);
    expect(await noticesOf('drift', { segmentBy: 'region', segment: 'eu' })).toEqual([
      'segment: a drift query gives every segment of segmentBy its own series; only distribution and dataQuality queries read one value',
      'kept',
    ]);
  });

  it('leaves a query without segment options as it was', async () => {
    for (const queryType of ['drift', 'distribution', 'confusion'] as const) {
      expect((await withIgnoredSegmentNotice(queryType, answer)(contextWith({}))).frames[0]).toBe(frame);
      expect((await withIgnoredSegmentNotice(queryType, answer)(contextWith({ segmentBy: ' ' }))).frames[0]).toBe(frame);
    }
  });
});
