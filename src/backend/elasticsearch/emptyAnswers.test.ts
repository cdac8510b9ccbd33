import { DEFAULT_ELASTICSEARCH_MAPPING } from '../../shared/settingsModel';
import { emptyAnswerBody, emptyAnswerNotice } from './emptyAnswers';
import type { JsonObject } from './json';
import type { ElasticsearchLayout } from './requestBuilder';

const MAPPING: ElasticsearchLayout = { ...DEFAULT_ELASTICSEARCH_MAPPING };
const MODEL = { model: 'churn', version: 'v1' };
const RANGE = { fromMs: 0, toMs: 3_600_000 };
const LABEL = 'a label (field "label")';

function answer(totalHits: number, versionDocuments?: number): { totalHits: number; aggregations: JsonObject } {
  return {
    totalHits,
    aggregations: {
      present_models: { buckets: [{ key: 'churn', doc_count: totalHits }], sum_other_doc_count: 0 },
      model_documents: { doc_count: totalHits, present_versions: { buckets: [{ key: 'v1', doc_count: totalHits }], sum_other_doc_count: 0 } },
      all_documents: { doc_count: totalHits, with_time_field: { doc_count: totalHits } },
      ...(versionDocuments === undefined ? {} : { version_documents: { doc_count: versionDocuments } }),
    },
  };
}

describe('the empty-answer search of a read with a requirement', () => {
  it('counts the model version\'s documents only when the read required more of them', () => {
    expect(JSON.stringify(emptyAnswerBody(MAPPING, MODEL, RANGE))).not.toContain('version_documents');
    const body = emptyAnswerBody(MAPPING, MODEL, RANGE, LABEL) as { aggs: Record<string, { filter: { bool: { filter: JsonObject[] } } }> };
    expect(body.aggs.version_documents.filter.bool.filter).toEqual(expect.arrayContaining([{ term: { model: 'churn' } }, { term: { version: 'v1' } }]));
  });

  it('names the requirement when the model version has documents there, not a missing model', () => {
    const notice = emptyAnswerNotice(MAPPING, 'logs', MODEL, RANGE, answer(12, 12), LABEL);
    expect(notice).toEqual({
      severity: 'warning',
      text: '12 document(s) in "logs" have model="churn", version="v1" in (1970-01-01T00:00:00.000Z, 1970-01-01T01:00:00.000Z], but none of them has a label (field "label") (not logged yet, or named otherwise in the logs)',
    });
  });

  it('says what the range holds instead when the model version has no document there', () => {
    const text = emptyAnswerNotice(MAPPING, 'logs', { model: 'churn', version: 'v2' }, RANGE, answer(12, 0), LABEL).text;
    expect(text).toMatch(/^no document in "logs" has model="churn", version="v2" .*; it has 12 document\(s\) there; .*version values of that model: "v1" \(12\)$/);
  });

  it('names the segment of a segmented read, whose model version may have documents in other segments', () => {
    const eu = emptyAnswerNotice(MAPPING, 'logs', { ...MODEL, segment: { label: 'region', value: 'eu' } }, RANGE, answer(12));
    expect(eu.text).toMatch(/^no document in "logs" has model="churn", version="v1", region="eu" in /);
    const rest = emptyAnswerNotice(MAPPING, 'logs', { ...MODEL, segment: { label: 'region', except: ['eu', 'a"b'] } }, RANGE, answer(12));
    expect(rest.text).toMatch(/^no document in "logs" has model="churn", version="v1", region none of \["eu","a\\"b"\] in /);
  });
});
