import { setBackendSrv, setDataSourceSrv } from '@grafana/runtime';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { testIds } from '../testIds';
import { FakeDriftBackend, fakeDatasourceSettings, installFakeDriftBackend } from '../testing/fakeDriftBackend';
import { churnBaseline, fraudBaseline } from '../testing/fixtures';
import { ModelsPage } from './ModelsPage';

function setup(datasources = [fakeDatasourceSettings('drift-a', 'ML Drift A')]) {
  const backend = new FakeDriftBackend(datasources);
  installFakeDriftBackend(backend, { setBackendSrv, setDataSourceSrv });
  return backend;
}

describe('ModelsPage', () => {
  it('shows each model with its versions newest first and a status chip per feature', async () => {
    const backend = setup()
      .addBaseline(churnBaseline('2'), { scores: { age: 0.3 } })
      .addBaseline(churnBaseline('10'), { scores: { age: 2.4, monthly_charges: 0.5, tenure_months: 0.9, plan: 0.1 } })
      .addBaseline(fraudBaseline());
    render(<ModelsPage settings={{}} />);

    const churn = await screen.findByTestId(testIds.models.model('churn'));
    const versions = within(churn)
      .getAllByText(/^Version /)
      .map((el) => el.textContent);
    expect(versions).toEqual(['Version 10', 'Version 2']);

    expect(await screen.findByTestId(testIds.models.status('churn@10', 'age'))).toHaveTextContent('age: drift 2.40×');
    expect(screen.getByTestId(testIds.models.status('churn@10', 'plan'))).toHaveTextContent('plan: OK 0.10×');
    expect(screen.getByText('1 of 4 features drifting in the last 1h')).toBeInTheDocument();
    // churn@2 only has a score for age: the other features have no data, not "OK".
    expect(await screen.findByTestId(testIds.models.status('churn@2', 'plan'))).toHaveTextContent('plan: no data');

    const query = backend.requests.find((r) => r.method === 'QUERY');
    expect(query?.data).toEqual([
      expect.objectContaining({
        queryType: 'drift',
        instant: true,
        normalizeByThreshold: true,
        datasource: { type: 'mlops-drift-datasource', uid: 'drift-a' },
      }),
    ]);
    // No source: the backend reads where the model is bound, as Check bindings checks it (`querySource.ts`).
    expect(query?.data).toEqual([expect.not.objectContaining({ source: expect.anything() })]);
  });

  it('links each version to the provisioned dashboards', async () => {
    setup().addBaseline(fraudBaseline());
    render(<ModelsPage settings={{}} />);
    const card = await screen.findByTestId(testIds.models.version('fraud@1'));
    expect(within(card).getByRole('link', { name: /Data drift/ })).toHaveAttribute(
      'href',
      '/d/mlops-data-drift?var-model=fraud&var-version=1'
    );
  });

  it('says why a status is missing when the drift query fails, and lets the user retry', async () => {
    const backend = setup().addBaseline(fraudBaseline(), { scores: { amount: 0.2 } });
    backend.failures.query = 'Prometheus at http://prometheus:9090 is unreachable';
    render(<ModelsPage settings={{}} />);
    expect(await screen.findByTestId(testIds.models.statusError('fraud@1'))).toHaveTextContent(
      'Prometheus at http://prometheus:9090 is unreachable'
    );
    backend.failures.query = undefined;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId(testIds.models.status('fraud@1', 'amount'))).toHaveTextContent('amount: OK');
  });

  it('uses the configured datasource', async () => {
    const backend = setup([fakeDatasourceSettings('drift-a', 'A'), fakeDatasourceSettings('drift-b', 'B')]);
    render(<ModelsPage settings={{ defaultDatasourceUid: 'drift-b' }} />);
    await screen.findByTestId(testIds.models.empty);
    expect(backend.requests[0].url).toBe('api/datasources/uid/drift-b/resources/baselines');
  });

  it('invites to add a baseline when there is none', async () => {
    setup();
    render(<ModelsPage settings={{}} />);
    expect(await screen.findByTestId(testIds.models.empty)).toHaveTextContent('No model has a baseline yet');
  });

  it('shows the error of the baseline list', async () => {
    const backend = setup();
    backend.failures.list = 'baseline directory /var/lib/grafana/mlops is not readable';
    render(<ModelsPage settings={{}} />);
    expect(await screen.findByTestId(testIds.models.error)).toHaveTextContent(
      'baseline directory /var/lib/grafana/mlops is not readable'
    );
  });

  it('shows a loading state while the list is on its way', () => {
    setup().hangList = true;
    render(<ModelsPage settings={{}} />);
    expect(screen.getByText('Loading models…')).toBeInTheDocument();
  });

  it('asks for a datasource when there is none', () => {
    setup([]);
    render(<ModelsPage settings={{}} />);
    expect(screen.getByTestId(testIds.noDatasource)).toHaveTextContent('No ML Drift datasource yet');
    expect(screen.getByRole('link', { name: /Add an ML Drift datasource/ })).toHaveAttribute(
      'href',
      '/connections/datasources/mlops-drift-datasource'
    );
  });

  it('warns when the configured datasource is gone and falls back to another', async () => {
    setup([fakeDatasourceSettings('drift-a', 'ML Drift A')]);
    render(<ModelsPage settings={{ defaultDatasourceUid: 'deleted' }} />);
    expect(screen.getByText('The configured datasource no longer exists')).toBeInTheDocument();
    expect(await screen.findByTestId(testIds.models.empty)).toBeInTheDocument();
  });
});

describe('ModelsPage bindings', () => {
  it('says which binding file each version is read through, and lists binding files with problems', async () => {
    const backend = setup().addBaseline(fraudBaseline());
    backend.bindings = [
      { file: 'fraud.json', model: 'fraud', sources: ['prometheus'], provisioned: true, binding: { model: 'fraud', prometheus: { version: 'none' } } },
      {
        file: 'churn.json',
        model: 'churn',
        sources: [],
        provisioned: true,
        invalid: ['prometheus.numeric.metric: give the histogram base name, without the _bucket suffix'],
      },
    ];
    render(<ModelsPage settings={{}} />);
    expect(await screen.findByTestId(testIds.models.binding('fraud@1'))).toHaveTextContent('read through binding fraud.json (Prometheus)');
    const problems = await screen.findByTestId(testIds.models.bindingProblems);
    expect(problems).toHaveTextContent('churn.json: prometheus.numeric.metric: give the histogram base name, without the _bucket suffix');
  });

  it('shows no binding line and no problems when there are no binding files', async () => {
    setup().addBaseline(fraudBaseline());
    render(<ModelsPage settings={{}} />);
    await screen.findByTestId(testIds.models.version('fraud@1'));
    expect(screen.queryByTestId(testIds.models.binding('fraud@1'))).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.models.bindingProblems)).not.toBeInTheDocument();
  });
});

describe('ModelsPage binding check', () => {
  it('checks a version’s bindings on request and lists each field’s series and first problem', async () => {
    const backend = setup().addBaseline(fraudBaseline());
    backend.checks.set('fraud@1', {
      baseline: 'fraud@1',
      source: 'prometheus',
      problems: 1,
      unchecked: 0,
      features: [
        { feature: 'amount', role: 'feature', selector: 'model_feature_value_bucket{model="fraud",version="1",feature="amount"}', series: 6, labels: ['feature', 'le', 'model', 'version'], edges: { live: [10, 100], baseline: [10, 100], shared: 2 } },
        { feature: 'is_fraud', role: 'label', series: 0, labels: [], problem: 'no series matched `model_outcomes_total{model="fraud",version="1"}`' },
      ],
    });
    render(<ModelsPage settings={{}} />);
    await userEvent.click(await screen.findByTestId(testIds.models.checkBindings('fraud@1')));
    const result = await screen.findByTestId(testIds.models.checkResult('fraud@1'));
    expect(result).toHaveTextContent('amount 6 series of model_feature_value_bucket{model="fraud",version="1",feature="amount"}');
    expect(result).toHaveTextContent('is_fraud (label) 0 series');
    expect(result).toHaveTextContent('no series matched');
    expect(backend.requests.filter((r) => r.url.endsWith('check-bindings'))).toHaveLength(1);
  });

  it('shows why the bindings cannot be checked', async () => {
    setup().addBaseline(fraudBaseline());
    render(<ModelsPage settings={{}} />);
    await userEvent.click(await screen.findByTestId(testIds.models.checkBindings('fraud@1')));
    expect(await screen.findByTestId(testIds.models.checkResult('fraud@1'))).toHaveTextContent('the datasource has no Prometheus URL');
  });
});

describe('ModelsPage binding editor', () => {
  async function openEditor(model: string) {
    await userEvent.click(await screen.findByTestId(testIds.models.editBinding(model)));
    return screen.getByTestId(testIds.models.bindingText);
  }

  it('adds a binding from a template, and shows the backend refusal by path without closing', async () => {
    const backend = setup().addBaseline(fraudBaseline());
    render(<ModelsPage settings={{}} />);
    expect(await screen.findByTestId(testIds.models.editBinding('fraud'))).toHaveTextContent('Add binding');
    const text = await openEditor('fraud');
    expect(JSON.parse((text as HTMLTextAreaElement).value)).toMatchObject({ model: 'fraud', prometheus: { model: 'none' } });

    await userEvent.clear(text);
    await userEvent.click(text);
    await userEvent.paste('{"model": "fraud", "prometheus": {"version": "all"}}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId(testIds.models.bindingError)).toHaveTextContent(
      'invalid binding document: prometheus.version: expected "none" or an object with "label", got "all"'
    );
    expect(backend.bindings).toEqual([]);

    await userEvent.clear(text);
    await userEvent.paste('{"model": "fraud", "prometheus": {"version": "none"}}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId(testIds.models.binding('fraud@1'))).toHaveTextContent('read through binding fraud.json (Prometheus)');
    expect(screen.getByTestId(testIds.models.editBinding('fraud'))).toHaveTextContent('Edit binding');
    // Typing and clicking through a modal takes seconds under jsdom on a loaded machine.
  }, 20_000);

  it('says when the text is not JSON, without sending it', async () => {
    const backend = setup().addBaseline(fraudBaseline());
    render(<ModelsPage settings={{}} />);
    const text = await openEditor('fraud');
    await userEvent.clear(text);
    await userEvent.paste('{"model": ');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId(testIds.models.bindingError)).toHaveTextContent('Not valid JSON');
    expect(backend.requests.filter((r) => r.method === 'POST')).toEqual([]);
  }, 20_000);

  it('adds, lists, edits and deletes the binding of one version, next to the bindings of versions without a baseline', async () => {
    const backend = setup().addBaseline(fraudBaseline());
    backend.bindings = [{ file: 'fraud@7.json', model: 'fraud', version: '7', sources: ['prometheus'], provisioned: false, binding: { model: 'fraud', version: '7', prometheus: { version: 'none' } } }];
    render(<ModelsPage settings={{}} />);
    const listed = await screen.findByTestId(testIds.models.versionBindings('fraud'));
    expect(within(listed).getByTestId(testIds.models.editBinding('fraud@7'))).toHaveTextContent('Edit binding of version 7');
    expect(screen.getByTestId(testIds.models.editBinding('fraud@1'))).toHaveTextContent('Add binding of version 1');

    const text = await openEditor('fraud@1');
    expect(JSON.parse((text as HTMLTextAreaElement).value)).toMatchObject({ model: 'fraud', version: '1' });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId(testIds.models.binding('fraud@1'))).toHaveTextContent('read through binding fraud@1.json');
    expect(backend.bindings.map((b) => b.file).sort()).toEqual(['fraud@1.json', 'fraud@7.json']);
    const both = within(screen.getByTestId(testIds.models.versionBindings('fraud')));
    expect(both.getByTestId(testIds.models.editBinding('fraud@1'))).toHaveTextContent('Edit binding of version 1');
    // The version's card offers no second editor once it has a binding of its own.
    expect(screen.getAllByTestId(testIds.models.editBinding('fraud@1'))).toHaveLength(1);

    const saved = await openEditor('fraud@1');
    expect(JSON.parse((saved as HTMLTextAreaElement).value)).toMatchObject({ version: '1' });
    await userEvent.clear(saved);
    await userEvent.click(saved);
    await userEvent.paste('{"model": "fraud", "version": "1", "prometheus": {"version": "none", "matchers": {"job": "fraud-api"}}}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(backend.bindings.find((b) => b.file === 'fraud@1.json')?.binding?.prometheus?.matchers).toEqual({ job: 'fraud-api' }));

    await openEditor('fraud@1');
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Add binding of version 1')).toBeInTheDocument();
    expect(backend.bindings.map((b) => b.file)).toEqual(['fraud@7.json']);
    expect(screen.queryByTestId(testIds.models.binding('fraud@1'))).not.toBeInTheDocument();
  }, 30_000);

  it('offers no binding of its own to a version whose baseline cannot be read, and says how to mend it', async () => {
    const backend = setup().addBaseline(fraudBaseline());
    backend.corrupt.set('fraud@0', 'Unexpected end of JSON input');
    render(<ModelsPage settings={{}} />);
    const unreadable = await screen.findByTestId(testIds.models.unreadable('fraud@0'));
    expect(unreadable).toHaveTextContent('Baseline file unreadable: Unexpected end of JSON input');
    expect(unreadable).toHaveTextContent('until its baseline reads again');
    expect(within(unreadable).getByRole('link', { name: /Replace the baseline/ })).toHaveAttribute('href', '/a/mlops-monitor-app/baselines');
    // Only what is known of the file: its id, not a feature count or creation time it cannot have.
    const card = screen.getByTestId(testIds.models.version('fraud@0'));
    expect(card).toHaveTextContent('baseline fraud@0');
    expect(card).not.toHaveTextContent(/features|creation time/);
    expect(screen.queryByTestId(testIds.models.editBinding('fraud@0'))).not.toBeInTheDocument();
    // The readable version next to it still offers one, and the model-wide binding stays on offer.
    expect(screen.getByTestId(testIds.models.editBinding('fraud@1'))).toHaveTextContent('Add binding of version 1');
    expect(screen.getByTestId(testIds.models.editBinding('fraud'))).toHaveTextContent('Add binding');
  });

  it('lists an unreadable file whose name is no model@version under no model, by its name, with nothing to bind', async () => {
    const backend = setup().addBaseline(fraudBaseline());
    backend.corrupt.set('notes', 'Unexpected token n in JSON at position 0');
    render(<ModelsPage settings={{}} />);
    const unreadable = await screen.findByTestId(testIds.models.unreadable('notes'));
    expect(unreadable).toHaveTextContent('Baseline file unreadable');
    const group = screen.getByTestId(testIds.models.model(''));
    expect(within(group).getByRole('heading', { level: 3 })).toHaveTextContent('Unreadable files of no known model');
    const card = screen.getByTestId(testIds.models.version('notes'));
    expect(within(card).getByText('notes')).toBeInTheDocument();
    expect(card).not.toHaveTextContent('Version');
    expect(within(group).queryByText(/Add binding/)).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.models.editBinding('fraud'))).toHaveTextContent('Add binding');
  });

  it('shows a provisioned binding read-only', async () => {
    const backend = setup().addBaseline(fraudBaseline());
    backend.bindings = [{ file: 'fraud.json', model: 'fraud', sources: ['prometheus'], provisioned: true, binding: { model: 'fraud', prometheus: { version: 'none' } } }];
    render(<ModelsPage settings={{}} />);
    expect(await screen.findByTestId(testIds.models.editBinding('fraud'))).toHaveTextContent('View binding');
    const text = await openEditor('fraud');
    expect(text).toHaveAttribute('readonly');
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
  }, 20_000);
});
