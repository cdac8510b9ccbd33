import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSource } from '../datasource';
import { PERFORMANCE_METRICS, type DriftQuery } from '../../shared/queryModel';
import type { BaselineSummary } from '../../shared/resourceModel';
import { QueryEditor } from './QueryEditor';
import { testIds } from './testIds';

const BASELINES: BaselineSummary[] = [
  {
    id: 'churn@3',
    model: 'churn',
    version: '3',
    features: ['age', 'income'],
    created: '2026-01-01T00:00:00Z',
    provisioned: false,
  },
  {
    id: 'fraud@1',
    model: 'fraud',
    version: '1',
    features: ['amount'],
    created: '2026-01-02T00:00:00Z',
    provisioned: true,
  },
];

/** A query on the churn@3 baseline over Prometheus with a 1h window; tests override what they are about. */
function liveQuery(overrides: Partial<DriftQuery>): DriftQuery {
  return { refId: 'A', queryType: 'drift', baseline: 'churn@3', source: 'prometheus', window: '1h', ...overrides };
}

/** Only the part of the datasource the editor calls; the resource API itself is tested in baselineClient.test.ts. */
function mockDatasource(list: () => Promise<BaselineSummary[]>): DataSource {
  return { listBaselines: jest.fn(list) } as unknown as DataSource;
}

function renderEditor(query: DriftQuery, list: () => Promise<BaselineSummary[]> = async () => BASELINES) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(
    <QueryEditor
      query={Object.freeze(query)}
      datasource={mockDatasource(list)}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it('offers the baselines of the datasource and clears features when the baseline changes', async () => {
    const { onChange, onRunQuery } = renderEditor(liveQuery({ queryType: 'drift', features: ['age'] }));
    await userEvent.click(screen.getByLabelText('Baseline'));
    await userEvent.click(await screen.findByText('fraud@1'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ baseline: 'fraud@1', features: [] }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('offers the features of the chosen baseline', async () => {
    const { onChange } = renderEditor(liveQuery({ queryType: 'drift' }));
    await waitFor(() => expect(screen.queryByText('not in the list')).not.toBeInTheDocument());
    await userEvent.click(screen.getByLabelText(/Features/));
    expect(await screen.findByText('income')).toBeInTheDocument();
    expect(screen.queryByText('amount')).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('income'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ features: ['income'] }));
  });

  it('leaves the source to the model binding unless one is chosen, and can go back to that', async () => {
    const { onChange } = renderEditor(liveQuery({ source: undefined }));
    await screen.findByText('churn@3');
    expect(screen.getByRole('radio', { name: 'From binding' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Elasticsearch' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ source: 'elasticsearch' }));
  });

  it('forgets a chosen source when From binding is chosen', async () => {
    const { onChange, onRunQuery } = renderEditor(liveQuery({ source: 'elasticsearch' }));
    await screen.findByText('churn@3');
    expect(screen.getByRole('radio', { name: 'Elasticsearch' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'From binding' }));
    expect(onChange.mock.lastCall[0].source).toBeUndefined();
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('shows only the fields a baseline query reads', async () => {
    renderEditor({ refId: 'A', queryType: 'baseline', baseline: 'churn@3' });
    await screen.findByText('churn@3');
    expect(screen.queryByLabelText(/Window/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Method')).not.toBeInTheDocument();
    expect(screen.queryByText('Source')).not.toBeInTheDocument();
    expect(screen.getByLabelText(/Features/)).toBeInTheDocument();
  });

  it('shows the drift switches only for drift queries', async () => {
    renderEditor(liveQuery({ queryType: 'confusion' }));
    await screen.findByText('churn@3');
    expect(screen.queryByLabelText('Include p-value')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Instant')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Top contributors')).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/p-value correction/)).not.toBeInTheDocument();
  });

  it('maps the auto method to no method', async () => {
    const { onChange } = renderEditor(liveQuery({ queryType: 'drift', method: 'psi' }));
    await userEvent.click(screen.getByLabelText('Method'));
    await userEvent.click(await screen.findByText('Auto'));
    expect(onChange.mock.lastCall[0].method).toBeUndefined();
  });

  it('explains a bad window and does not run the query', async () => {
    const { onChange, onRunQuery } = renderEditor(liveQuery({ queryType: 'drift', window: '1 hour' }));
    expect(screen.getByTestId(testIds.queryEditor.windowError)).toHaveTextContent(
      'Window "1 hour" is not a duration such as 30m, 1h or 1d'
    );
    await userEvent.clear(screen.getByLabelText(/Window/));
    await userEvent.type(screen.getByLabelText(/Window/), '2 days');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ window: '2 days' }));
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('says when the baselines cannot be listed', async () => {
    renderEditor({ refId: 'A', queryType: 'drift' }, async () => {
      throw new Error('connection refused');
    });
    expect(await screen.findByTestId(testIds.queryEditor.baselinesLoadError)).toHaveTextContent('connection refused');
    expect(screen.getByTestId(testIds.queryEditor.baselineError)).toHaveTextContent('Choose a baseline');
  });

  it('toggles instant on a drift query', async () => {
    const { onChange } = renderEditor(liveQuery({ queryType: 'drift' }));
    await userEvent.click(screen.getByLabelText('Instant'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ instant: true }));
  });

  it('sets a p-value correction, the drift share and the top contributors on drift queries', async () => {
    const { onChange } = renderEditor(liveQuery({ queryType: 'drift' }));
    await userEvent.click(screen.getByLabelText(/p-value correction/));
    await userEvent.click(await screen.findByText('Benjamini-Hochberg'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ correction: 'bh' }));
    await userEvent.click(screen.getByLabelText('Drift share'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ includeDriftShare: true }));
    await userEvent.click(screen.getByLabelText('Top contributors'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ explain: true }));
  });

  it('compares with the stored baseline by default, and with live data when chosen', async () => {
    const { onChange } = renderEditor(liveQuery({ queryType: 'drift' }));
    await userEvent.click(screen.getByLabelText('Compare with'));
    await userEvent.click(await screen.findByText('Another version'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ reference: { kind: 'version' } }));
  });

  it('commits a reference offset when the field is left, and runs only a valid one', async () => {
    const { onChange, onRunQuery } = renderEditor(liveQuery({ queryType: 'drift', reference: { kind: 'offset' } }));
    expect(screen.getByTestId(testIds.queryEditor.referenceError)).toHaveTextContent('Offset "" is not a duration such as 1d or 7d');
    await userEvent.type(screen.getByLabelText('Offset'), '7d');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ reference: { kind: 'offset', offset: '7d' } }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('segments a drift query by a label when the field is left, then offers the limit and the rest switch', async () => {
    const { onChange, onRunQuery } = renderEditor(liveQuery({ queryType: 'drift' }));
    expect(screen.queryByLabelText(/^Top segments/)).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Segment by/), ' region ');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ segmentBy: 'region' }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('commits a segment limit and the rest switch of a segmented query', async () => {
    const { onChange } = renderEditor(liveQuery({ queryType: 'drift', segmentBy: 'region' }));
    await userEvent.type(screen.getByLabelText(/^Top segments/), '5');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ segmentBy: 'region', segmentLimit: 5 }));
    await userEvent.click(screen.getByLabelText('Rest as other'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ segmentOther: false }));
  });

  it('says what is wrong with a segment limit above the maximum, and runs no query with it', async () => {
    const { onChange, onRunQuery } = renderEditor(liveQuery({ queryType: 'drift', segmentBy: 'region' }));
    await userEvent.type(screen.getByLabelText(/^Top segments/), '80');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ segmentLimit: 80 }));
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('shows the segment limit error of a stored query', () => {
    renderEditor(liveQuery({ queryType: 'drift', segmentBy: 'region', segmentLimit: 80 }));
    expect(screen.getByTestId(testIds.queryEditor.segmentError)).toHaveTextContent('Top segments: a whole number from 1 to 50');
  });

  it.each(['distribution', 'dataQuality'] as const)('restricts a %s query to one segment value, committed as typed', async (queryType) => {
    const { onChange, onRunQuery } = renderEditor(liveQuery({ queryType, segmentBy: 'device' }));
    expect(screen.queryByLabelText(/^Top segments/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Rest as other')).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Segment(?! by)/), ' $segment');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ segmentBy: 'device', segment: ' $segment' }));
    expect(onRunQuery).toHaveBeenCalled();
    await userEvent.clear(screen.getByLabelText(/^Segment(?! by)/));
    await userEvent.tab();
    expect(onChange.mock.lastCall[0].segment).toBeUndefined();
  });

  it('says that a segment value needs segmentBy', () => {
    renderEditor(liveQuery({ queryType: 'distribution', segment: 'mobile' }));
    expect(screen.getByTestId(testIds.queryEditor.segmentError)).toHaveTextContent('Segment: needs Segment by');
  });

  it('offers no segment value for a drift query', () => {
    renderEditor(liveQuery({ queryType: 'drift', segmentBy: 'region' }));
    expect(screen.queryByLabelText(/^Segment(?! by)/)).not.toBeInTheDocument();
  });

  it('maps no correction to no field', async () => {
    const { onChange } = renderEditor(liveQuery({ queryType: 'drift', correction: 'bonferroni' }));
    await userEvent.click(screen.getByLabelText(/p-value correction/));
    await userEvent.click(await screen.findByText('None'));
    expect(onChange.mock.lastCall[0].correction).toBeUndefined();
  });

  it('chooses performance series and normalisation for performance queries', async () => {
    const { onChange } = renderEditor(liveQuery({ queryType: 'performance', performanceMetrics: ['accuracy'] }));
    expect(screen.queryByLabelText('Per-class metrics tables')).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText(/Series/));
    await userEvent.click(await screen.findByText('macro_f1'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ performanceMetrics: ['accuracy', 'macro_f1'] }));
    await userEvent.click(screen.getByLabelText('Normalise by threshold'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ normalizeByThreshold: true }));
  });

  it('offers every performance series', async () => {
    renderEditor(liveQuery({ queryType: 'performance' }));
    await userEvent.click(screen.getByLabelText(/Series/));
    for (const metric of PERFORMANCE_METRICS) {
      expect(await screen.findByText(metric)).toBeInTheDocument();
    }
  });

  it.each(['drift', 'distribution'] as const)('includes the prediction on %s queries', async (queryType) => {
    const { onChange } = renderEditor(liveQuery({ queryType }));
    await userEvent.click(screen.getByLabelText('Include prediction'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ includePrediction: true }));
  });

  it.each([
    ['0.7', 0.7, true],
    ['7', 7, false],
  ])('takes a CBPE score threshold of %s on performance queries, running it only when in (0, 1)', async (typed, value, runs) => {
    const { onChange, onRunQuery } = renderEditor(liveQuery({ queryType: 'performance' }));
    await userEvent.type(screen.getByLabelText(/Score threshold/), typed);
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ scoreThreshold: value }));
    expect(onRunQuery).toHaveBeenCalledTimes(runs ? 1 : 0);
  });

  it('takes the valid range of a numeric prediction on performance queries, either end optional', async () => {
    const { onChange, onRunQuery } = renderEditor(liveQuery({ queryType: 'performance' }));
    await userEvent.type(screen.getByLabelText(/Prediction min/), '0');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ predictionMin: 0 }));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(screen.queryByLabelText(/Prediction max/)).toHaveValue('');
  });

  it('names a range whose minimum is not below its maximum', async () => {
    renderEditor(liveQuery({ queryType: 'performance', predictionMin: 5, predictionMax: 1 }));
    expect(await screen.findByTestId(testIds.queryEditor.predictionRangeError)).toHaveTextContent('Prediction min 5 must be below max 1');
  });

  it('asks for the per-class tables on confusion queries only', async () => {
    const { onChange } = renderEditor(liveQuery({ queryType: 'confusion' }));
    expect(screen.queryByLabelText(/Series/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Normalise by threshold')).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Per-class metrics tables'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ includeClassMetrics: true }));
  });
});
