import { setBackendSrv, setDataSourceSrv } from '@grafana/runtime';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { testIds as distributionTestIds } from '../../panels/distribution/testIds';
import { testIds } from '../testIds';
import { FakeDriftBackend, fakeDatasourceSettings, installFakeDriftBackend } from '../testing/fakeDriftBackend';
import { churnBaseline, fraudBaseline } from '../testing/fixtures';
import { BaselinesPage } from './BaselinesPage';

// Forms are filled key by key through real @grafana/ui inputs, which takes a few seconds in jsdom.
jest.setTimeout(20_000);

const user = userEvent.setup({ delay: null });

function setup() {
  const backend = new FakeDriftBackend([fakeDatasourceSettings('drift-a', 'ML Drift A')]);
  installFakeDriftBackend(backend, { setBackendSrv, setDataSourceSrv });
  return backend;
}

function fileInput(form: HTMLElement): HTMLInputElement {
  const input = form.querySelector('input[type="file"]');
  if (!(input instanceof HTMLInputElement)) {
    throw new Error('no file input in the form');
  }
  return input;
}

describe('BaselinesPage', () => {
  it('lists baselines with their origin and unreadable files', async () => {
    const backend = setup().addBaseline(churnBaseline('3')).addBaseline(fraudBaseline(), { provisioned: true });
    backend.corrupt.set('old@1', 'Unexpected end of JSON input');
    render(<BaselinesPage settings={{}} />);
    const churn = await screen.findByTestId(testIds.baselines.row('churn@3'));
    expect(churn).toHaveTextContent('4 (age, monthly_charges, tenure_months, plan)');
    expect(screen.getByTestId(testIds.baselines.row('fraud@1'))).toHaveTextContent('provisioned');
    expect(screen.getByTestId(testIds.baselines.row('old@1'))).toHaveTextContent('unreadable');
    // Grafana's Button keeps a tooltip reachable by marking itself aria-disabled instead of disabled.
    expect(screen.getByTestId(testIds.baselines.delete('fraud@1'))).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByTestId(testIds.baselines.inspect('old@1'))).toBeDisabled();
  });

  it('inspects the bins of each feature', async () => {
    setup().addBaseline(churnBaseline('3'));
    render(<BaselinesPage settings={{}} />);
    await user.click(await screen.findByTestId(testIds.baselines.inspect('churn@3')));
    const detail = await screen.findByTestId(testIds.baselines.detail);
    expect(detail).toHaveTextContent('4 features from 5,000 rows (train.csv)');
    // The first feature is open and drawn with the distribution panel's chart: baseline bars only.
    expect(within(detail).getByTestId(distributionTestIds.baselineBars)).toBeInTheDocument();
    expect(within(detail).queryByTestId(distributionTestIds.currentBars)).not.toBeInTheDocument();
    await user.click(within(detail).getAllByRole('button', { name: 'Show counts' })[0]);
    const table = within(detail).getByRole('table', { name: 'Distribution of age' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(1 + 8);
    expect(rows[1]).toHaveTextContent('(-∞, 22]310');
    expect(rows[8]).toHaveTextContent('(61, +∞)250');
  });

  it('deletes a baseline after confirmation', async () => {
    const backend = setup().addBaseline(churnBaseline('3'));
    render(<BaselinesPage settings={{}} />);
    await user.click(await screen.findByTestId(testIds.baselines.delete('churn@3')));
    expect(backend.requests.some((r) => r.method === 'DELETE')).toBe(false);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByTestId(testIds.baselines.notice)).toHaveTextContent('Baseline churn@3 deleted.');
    expect(backend.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([
      'api/datasources/uid/drift-a/resources/baselines/churn%403',
    ]);
    expect(await screen.findByTestId(testIds.baselines.empty)).toBeInTheDocument();
  });

  it('reports a failed delete', async () => {
    const backend = setup().addBaseline(churnBaseline('3'));
    backend.failures.delete = 'permission denied';
    render(<BaselinesPage settings={{}} />);
    await user.click(await screen.findByTestId(testIds.baselines.delete('churn@3')));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByTestId(testIds.baselines.notice)).toHaveTextContent(
      'Baseline churn@3 was not deleted: permission denied'
    );
  });

  it('builds a baseline from a training file, showing upload progress', async () => {
    const backend = setup();
    render(<BaselinesPage settings={{}} />);
    await user.click(await screen.findByRole('button', { name: 'Build from training data' }, {}));
    const form = screen.getByTestId(testIds.baselines.buildForm);
    await user.type(within(form).getByLabelText('Model'), 'churn');
    await user.type(within(form).getByLabelText('Version'), '4');
    await user.type(within(form).getByLabelText(/^Bins/), '20');
    await user.upload(fileInput(form), new File(['age,plan\n41,basic\n'], 'train.csv', { type: 'text/csv' }));
    await user.click(within(form).getByRole('button', { name: 'Build baseline' }));
    expect(await screen.findByTestId(testIds.baselines.progress)).toHaveTextContent(/Uploading|building/);
    expect(await screen.findByTestId(testIds.baselines.notice)).toHaveTextContent('Baseline churn@4 saved.');
    const upload = backend.requests.find((r) => r.url.includes('/build'));
    expect(upload).toMatchObject({
      method: 'POST',
      url: '/api/datasources/uid/drift-a/resources/baselines/build?model=churn&version=4&format=csv&bins=20',
      contentType: 'text/csv',
    });
    expect(await screen.findByTestId(testIds.baselines.row('churn@4'))).toHaveTextContent('2 (age, plan)');
  });

  it('sends the score fields of a classifier, and names the missing label before uploading', async () => {
    const backend = setup();
    render(<BaselinesPage settings={{}} />);
    await user.click(await screen.findByRole('button', { name: 'Build from training data' }));
    const form = screen.getByTestId(testIds.baselines.buildForm);
    await user.type(within(form).getByLabelText('Model'), 'churn');
    await user.type(within(form).getByLabelText('Version'), '5');
    await user.upload(fileInput(form), new File(['age,p,churned\n41,0.7,yes\n'], 'train.csv', { type: 'text/csv' }));
    await user.type(within(form).getByLabelText(/^Score column/), 'p');
    await user.type(within(form).getByLabelText(/^Positive class/), 'yes');
    await user.type(within(form).getByLabelText(/^Score edges/), '0.25,0.5,0.75');
    await user.click(within(form).getByRole('button', { name: 'Build baseline' }));
    expect(form).toHaveTextContent('Score column needs Label column (the column of the actual class)');
    expect(backend.requests.filter((r) => r.method === 'POST')).toEqual([]);
    await user.type(within(form).getByLabelText(/^Label column/), 'churned');
    await user.click(within(form).getByRole('button', { name: 'Build baseline' }));
    expect(await screen.findByTestId(testIds.baselines.notice)).toHaveTextContent('Baseline churn@5 saved.');
    const upload = backend.requests.find((r) => r.url.includes('/build'));
    expect(Object.fromEntries(new URLSearchParams(upload?.url.split('?')[1]))).toEqual({
      model: 'churn',
      version: '5',
      format: 'csv',
      label: 'churned',
      score: 'p',
      positiveClass: 'yes',
      scoreEdges: '0.25,0.5,0.75',
    });
  });

  it('explains what is missing before uploading anything', async () => {
    const backend = setup();
    render(<BaselinesPage settings={{}} />);
    await user.click(await screen.findByRole('button', { name: 'Build from training data' }));
    const form = screen.getByTestId(testIds.baselines.buildForm);
    await user.click(within(form).getByRole('button', { name: 'Build baseline' }));
    expect(form).toHaveTextContent('Model is required');
    expect(form).toHaveTextContent('Choose a CSV or JSON Lines file');
    expect(backend.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('shows why the backend could not build the baseline', async () => {
    const backend = setup();
    backend.failures.build = 'line 3, column "age": expected 2 fields, found 3';
    render(<BaselinesPage settings={{}} />);
    await user.click(await screen.findByRole('button', { name: 'Build from training data' }));
    const form = screen.getByTestId(testIds.baselines.buildForm);
    await user.type(within(form).getByLabelText('Model'), 'churn');
    await user.type(within(form).getByLabelText('Version'), '4');
    await user.upload(fileInput(form), new File(['{"age": 1}\n'], 'train.jsonl'));
    await user.click(within(form).getByRole('button', { name: 'Build baseline' }));
    expect(await screen.findByTestId(testIds.baselines.formError)).toHaveTextContent(
      'cannot build a baseline from this input: line 3, column "age": expected 2 fields, found 3'
    );
    expect(backend.requests.find((r) => r.url.includes('/build'))?.contentType).toBe('application/x-ndjson');
  });

  it('uploads a baseline JSON as it is', async () => {
    const backend = setup();
    render(<BaselinesPage settings={{}} />);
    await user.click(await screen.findByRole('button', { name: 'Upload baseline JSON' }));
    const form = screen.getByTestId(testIds.baselines.uploadForm);
    const document = fraudBaseline();
    await user.upload(
      fileInput(form),
      new File([JSON.stringify(document)], 'fraud.json', { type: 'application/json' })
    );
    expect(await within(form).findByText('Ready to upload fraud@1.')).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Upload baseline' }));
    expect(await screen.findByTestId(testIds.baselines.notice)).toHaveTextContent('Baseline fraud@1 saved.');
    expect(backend.requests.find((r) => r.method === 'POST')).toEqual({
      method: 'POST',
      url: 'api/datasources/uid/drift-a/resources/baselines',
      data: document,
    });
  });

  it('refuses a file that is not a baseline, saying why', async () => {
    setup();
    render(<BaselinesPage settings={{}} />);
    await user.click(await screen.findByRole('button', { name: 'Upload baseline JSON' }));
    const form = screen.getByTestId(testIds.baselines.uploadForm);
    await user.upload(fileInput(form), new File(['{"rows": []}'], 'other.json', { type: 'application/json' }));
    expect(await within(form).findByText(/no "model" and "version"/)).toBeInTheDocument();
    expect(within(form).getByRole('button', { name: 'Upload baseline' })).toBeDisabled();
  });

  it('captures a baseline from a live window', async () => {
    const backend = setup();
    render(<BaselinesPage settings={{}} />);
    await user.click(await screen.findByRole('button', { name: 'Capture from live data' }));
    const form = screen.getByTestId(testIds.baselines.captureForm);
    await user.type(within(form).getByLabelText('Model'), 'churn');
    await user.type(within(form).getByLabelText('Version'), '5');
    await user.type(within(form).getByLabelText(/^Features/), 'age, plan');
    await user.click(within(form).getByRole('button', { name: 'Capture baseline' }));
    expect(await screen.findByTestId(testIds.baselines.notice)).toHaveTextContent('Baseline churn@5 saved.');
    const capture = backend.requests.find((r) => r.url.endsWith('/capture'));
    const data = capture?.data as { from: number; to: number };
    expect(capture?.data).toMatchObject({
      model: 'churn',
      version: '5',
      source: 'prometheus',
      features: ['age', 'plan'],
    });
    expect(data.to - data.from).toBe(24 * 60 * 60 * 1000);
  });

  it('shows the error of the list and retries', async () => {
    const backend = setup();
    backend.failures.list = 'the store is locked';
    render(<BaselinesPage settings={{}} />);
    expect(await screen.findByTestId(testIds.baselines.error)).toHaveTextContent('the store is locked');
    backend.failures.list = undefined;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByTestId(testIds.baselines.empty)).toBeInTheDocument());
  });
});
