/**
 * Checks of the app-page and datasource-editor scenes (tests/browser/harness/appScenes.tsx). They drive the pages
 * like a user (clicks, typing, a real file chooser) against the fake drift backend in the page, and save a
 * screenshot of each state reached on the way as `<scene>-<state>-<theme>.png`.
 */
import path from 'node:path';
import { Page } from 'playwright-core';

import { testIds as appIds } from '../../src/app/testIds';
import { PYDATA_METRICS } from '../../src/app/testing/expositions';
import { validateBinding } from '../../src/backend/bindings/validate';
import { testIds as datasourceIds } from '../../src/datasource/components/testIds';
import { testIds as distributionIds } from '../../src/panels/distribution/testIds';
import { expectThat } from './checks';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');

const byTestId = (id: string): string => `[data-testid="${id}"]`;

async function textOf(page: Page, id: string, timeout = 5000): Promise<string> {
  return (await page.locator(byTestId(id)).first().textContent({ timeout })) ?? '';
}

async function screenshotState(page: Page, state: string): Promise<void> {
  const url = new URL(page.url());
  const name = `${url.searchParams.get('panel')}-${state}-${url.searchParams.get('theme')}.png`;
  await page.waitForTimeout(200);
  await page.locator('#scene').screenshot({ path: path.join(SCREENSHOTS, name) });
}

/** The page, modal dialogs included (they are in a portal outside #scene), named as screenshotState names states. */
async function screenshotPage(page: Page, state: string): Promise<void> {
  const url = new URL(page.url());
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${url.searchParams.get('panel')}-${state}-${url.searchParams.get('theme')}.png`) });
}

/** Opens the binding editor of `scope`, replaces its JSON with what `change` makes of it, and saves. */
async function saveBinding(page: Page, scope: string, change: (binding: Record<string, unknown>) => unknown): Promise<void> {
  await page.locator(byTestId(appIds.models.editBinding(scope))).first().click();
  const editor = page.locator(byTestId(appIds.models.bindingText));
  await editor.fill(JSON.stringify(change(JSON.parse(await editor.inputValue()) as Record<string, unknown>), null, 2));
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
}

/** The JSON the binding editor of `scope` opens with (then closed again). */
async function bindingInEditor(page: Page, scope: string): Promise<Record<string, unknown>> {
  await page.locator(byTestId(appIds.models.editBinding(scope))).first().click();
  const text = await page.locator(byTestId(appIds.models.bindingText)).inputValue();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await page.locator(byTestId(appIds.models.bindingText)).waitFor({ state: 'detached' });
  return JSON.parse(text) as Record<string, unknown>;
}

const withNumericMetric = (binding: Record<string, unknown>, metric: string, kind = 'histogram') => {
  const prometheus = binding.prometheus as { numeric: Record<string, unknown> };
  return { ...binding, prometheus: { ...prometheus, numeric: { ...prometheus.numeric, metric, kind } } };
};

/** Picks `model@version` under "Fill in from a baseline" and answers the Python snippet once it carries it. */
async function fillInFromBaseline(page: Page, model: string, version: string): Promise<string> {
  await page.getByLabel('Fill in from a baseline').click();
  await page.getByText(`${model}@${version}`, { exact: true }).click();
  await page.getByText(`MODEL, VERSION = "${model}", "${version}"`, { exact: false }).waitFor();
  return textOf(page, appIds.gettingStarted.python);
}

/** Every one of `parts` is in `text`, else the failure names the missing ones. */
function expectAllIn(text: string, what: string, parts: readonly string[]): void {
  const missing = parts.filter((part) => !text.includes(part));
  expectThat(missing.length === 0, `${what}; missing: ${missing.join(' | ')}`);
}

/** The prediction binding shown beside the snippet is one the backend accepts, and names the prediction histogram. */
async function expectPredictionBinding(page: Page, model: string): Promise<void> {
  const binding = JSON.parse(await textOf(page, appIds.gettingStarted.predictionBinding)) as { model?: string; prometheus?: { prediction?: unknown } };
  const validation = validateBinding(binding);
  expectThat(validation.ok, `the prediction binding is valid, got ${JSON.stringify(validation)}`);
  expectThat(
    binding.model === model && JSON.stringify(binding.prometheus?.prediction) === '{"kind":"histogram","metric":"model_prediction_value"}',
    `the binding of ${model} reads the prediction histogram, got ${JSON.stringify(binding)}`
  );
}

/** Scrolls the snippet (a scrolling <pre>) to the line holding `needle`, for the screenshot. */
async function showSnippetAt(page: Page, id: string, needle: string): Promise<void> {
  const snippet = page.locator(byTestId(id));
  await snippet.scrollIntoViewIfNeeded();
  await snippet.evaluate((element, text) => {
    const lines = (element.textContent ?? '').split('\n');
    element.scrollTop = (lines.findIndex((line) => line.includes(text)) / lines.length) * element.scrollHeight;
  }, needle);
}

export const appChecks: Record<string, (page: Page) => Promise<void>> = {
  'app-models': async (page) => {
    const age = await textOf(page, appIds.models.status('churn@3', 'age'));
    expectThat(age === 'age: drift 2.70×', `churn@3 age chip shows drift, got "${age}"`);
    const plan = await textOf(page, appIds.models.status('churn@1', 'plan'));
    expectThat(plan === 'plan: no data', `a version without live data shows "no data", got "${plan}"`);
    const churn3 = page.locator(byTestId(appIds.models.version('churn@3')));
    expectThat(
      (await churn3.textContent())?.includes('2 of 4 features drifting in the last 1h') === true,
      'churn@3 summary counts 2 drifting features'
    );
    const href = await churn3.getByRole('link', { name: 'Data drift' }).getAttribute('href');
    expectThat(href === '/d/mlops-data-drift?var-model=churn&var-version=3', `Data drift link, got ${href}`);
    const unreadable = await textOf(page, appIds.models.unreadable('churn@0'));
    expectThat(unreadable.includes('until its baseline reads again'), `churn@0 says why it has no drift, got "${unreadable}"`);
    const addToUnreadable = await page.locator(byTestId(appIds.models.editBinding('churn@0'))).count();
    expectThat(addToUnreadable === 0, 'a version whose baseline cannot be read offers no binding of its own');
    await page.locator(byTestId(appIds.models.checkBindings('fraud@1'))).click();
    const checked = await textOf(page, appIds.models.checkResult('fraud@1'));
    expectThat(checked.includes('country 0 series') && checked.includes('it has no label model, version'), `fraud@1 binding check lists the problem, got "${checked}"`);
    await page.locator(byTestId(appIds.models.checkResult('fraud@1'))).scrollIntoViewIfNeeded();
    await screenshotState(page, 'check-bindings');
    await page.locator(byTestId(appIds.models.editBinding('fraud'))).click();
    const template = await page.locator(byTestId(appIds.models.bindingText)).inputValue();
    expectThat(template.includes('"model": "fraud"'), `the binding editor starts from a template of the model, got ${template}`);
    await page.locator(byTestId(appIds.models.bindingText)).fill('{"model": "fraud", "prometheus": {"version": "all"}}');
    await page.getByRole('button', { name: 'Save' }).click();
    const refusal = await textOf(page, appIds.models.bindingError);
    expectThat(refusal.includes('prometheus.version: expected "none"'), `a refused binding names the bad value, got "${refusal}"`);
    await screenshotPage(page, 'binding-editor');
  },

  'app-models-version-binding': async (page) => {
    // Add: churn@2 has no binding of its own; its card offers one from a template naming the version.
    const versionList = page.locator(byTestId(appIds.models.versionBindings('churn')));
    const add = page.locator(byTestId(appIds.models.editBinding('churn@2')));
    expectThat((await add.textContent()) === 'Add binding of version 2', `churn@2 offers to add its binding, got "${await add.textContent()}"`);
    await saveBinding(page, 'churn@2', (template) => {
      expectThat(template.model === 'churn' && template.version === '2', `the template names the version, got ${JSON.stringify(template)}`);
      return withNumericMetric(template, 'churn_feature_histogram');
    });
    await page.locator(byTestId(appIds.models.bindingText)).waitFor({ state: 'detached' });
    const listed = versionList.locator(byTestId(appIds.models.editBinding('churn@2')));
    await listed.waitFor();
    expectThat((await listed.textContent()) === 'Edit binding of version 2', `the model lists the version's binding, got "${await listed.textContent()}"`);
    expectThat((await page.locator(byTestId(appIds.models.editBinding('churn@2'))).count()) === 1, 'the card offers no second editor once the version has a binding');
    const card = await textOf(page, appIds.models.binding('churn@2'));
    expectThat(card.includes('read through binding churn@2.json (Prometheus)'), `the version's card reads through its binding, got "${card}"`);
    await screenshotState(page, 'added');

    // Edit: the saved binding comes back in the editor, and a change is kept.
    await saveBinding(page, 'churn@2', (saved) => {
      expectThat(JSON.stringify(saved).includes('churn_feature_histogram'), `the editor opens the saved binding, got ${JSON.stringify(saved)}`);
      return withNumericMetric(saved, 'churn_features');
    });
    await page.locator(byTestId(appIds.models.bindingText)).waitFor({ state: 'detached' });
    const edited = await bindingInEditor(page, 'churn@2');
    expectThat(JSON.stringify(edited).includes('"metric":"churn_features"'), `the edit is saved, got ${JSON.stringify(edited)}`);

    // A bad binding: the error names the path of the bad value, and the saved binding stays as it was.
    await saveBinding(page, 'churn@2', (saved) => withNumericMetric(saved, 'churn_features', 'summary'));
    const refusal = await textOf(page, appIds.models.bindingError);
    expectThat(refusal.includes('prometheus.numeric.kind: expected "histogram", "counter" or "promql", got "summary"'), `the refusal names the path, got "${refusal}"`);
    await screenshotPage(page, 'refused');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.locator(byTestId(appIds.models.bindingText)).waitFor({ state: 'detached' });
    expectThat(JSON.stringify(await bindingInEditor(page, 'churn@2')) === JSON.stringify(edited), 'the refused save left the stored binding as it was');

    // Delete: the list loses it, and the card offers to add one again.
    await page.locator(byTestId(appIds.models.editBinding('churn@2'))).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await versionList.locator(byTestId(appIds.models.editBinding('churn@2'))).waitFor({ state: 'detached' });
    const again = await textOf(page, appIds.models.editBinding('churn@2'));
    expectThat(again === 'Add binding of version 2', `after the delete the card offers to add one again, got "${again}"`);
    expectThat((await page.locator(byTestId(appIds.models.binding('churn@2'))).count()) === 0, 'the card no longer names a binding file');
    await screenshotState(page, 'deleted');
  },

  'app-models-no-datasource': async (page) => {
    const cta = page.getByRole('link', { name: 'Add an ML Drift datasource' });
    expectThat(
      (await cta.getAttribute('href')) === '/connections/datasources/mlops-drift-datasource',
      'call to action links to the datasource page'
    );
  },

  'app-baselines': async (page) => {
    // Inspect: the drawer draws the first feature with the distribution panel's chart.
    await page.locator(byTestId(appIds.baselines.inspect('churn@3'))).click();
    await page.locator(byTestId(appIds.baselines.detail)).waitFor();
    expectThat(
      (await page.locator(byTestId(distributionIds.baselineBars)).count()) === 1,
      'one open feature chart in the inspector'
    );
    await screenshotState(page, 'inspect');
    await page.keyboard.press('Escape');
    await page.locator(byTestId(appIds.baselines.detail)).waitFor({ state: 'detached' });

    // Build from a training file: progress while uploading, then the new row.
    await page.getByRole('button', { name: 'Build from training data' }).click();
    const form = page.locator(byTestId(appIds.baselines.buildForm));
    await form.getByLabel('Model').fill('churn');
    await form.getByLabel('Version').fill('4');
    await form.locator('input[type="file"]').setInputFiles({
      name: 'train.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('age,monthly_charges,plan\n41,55.2,basic\n'),
    });
    await screenshotState(page, 'build-form');
    await form.getByRole('button', { name: 'Build baseline' }).click();
    await page.locator(byTestId(appIds.baselines.progress)).waitFor();
    await screenshotState(page, 'build-progress');
    // The fake backend takes four upload steps of 1.5 s, so the progress bar can be seen.
    const notice = await textOf(page, appIds.baselines.notice, 15_000);
    expectThat(notice.includes('Baseline churn@4 saved.'), `success notice after the build, got "${notice}"`);
    await page.locator(byTestId(appIds.baselines.row('churn@4'))).waitFor();

    // Delete with confirmation.
    await page.locator(byTestId(appIds.baselines.delete('churn@2'))).click();
    await page.getByRole('dialog').waitFor();
    await screenshotState(page, 'delete-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.locator(byTestId(appIds.baselines.row('churn@2'))).waitFor({ state: 'detached' });
    await screenshotState(page, 'after-delete');
  },

  'app-getting-started': async (page) => {
    const python = await textOf(page, appIds.gettingStarted.python);
    expectThat(
      python.includes('"model_feature_value"') && python.includes('"model_outcomes_total"'),
      'Python snippet uses the default metric names'
    );
    const filled = await fillInFromBaseline(page, 'fraud', '1');
    expectThat(filled.includes('"amount": [10, 50, 200, 1000]'), 'snippet carries the chosen baseline bucket edges');
  },

  'app-getting-started-draft': async (page) => {
    // A real paste, through the clipboard, of a PyData-style /metrics page.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate((text) => navigator.clipboard.writeText(text), PYDATA_METRICS);
    const exposition = page.locator(byTestId(appIds.gettingStarted.exposition));
    await exposition.scrollIntoViewIfNeeded();
    await exposition.click();
    await page.keyboard.press('ControlOrMeta+V');
    expectThat((await exposition.inputValue()) === PYDATA_METRICS, 'the metrics are pasted as they are');
    const draft = JSON.parse(await textOf(page, appIds.gettingStarted.bindingDraft)) as unknown;
    const validation = validateBinding(draft);
    expectThat(validation.ok, `the draft is a valid binding, got ${JSON.stringify(validation)}`);
    const drafted = JSON.stringify(draft);
    expectThat(
      drafted.includes('"response_distribution":{"kind":"histogram","metric":"response_distribution","version":{"label":"model_version"}}') &&
        drafted.includes('"missingValues":["missing"]') &&
        drafted.includes('"missing":{"metric":"imputer_total","featureLabel":"feature"}'),
      `the draft binds the histogram by model_version, the category "missing" and the imputer, got ${drafted}`
    );
    const notes = await textOf(page, appIds.gettingStarted.bindingNotes);
    expectThat(notes.includes('request_latency_seconds: left out (a request metric, not a feature)'), `the notes say what was left out, got "${notes}"`);
    await page.locator(byTestId(appIds.gettingStarted.bindingDraft)).scrollIntoViewIfNeeded();
    await screenshotState(page, 'drafted');
  },

  'app-getting-started-outputs': async (page) => {
    const classifier = await fillInFromBaseline(page, 'fraud', '2');
    expectAllIn(classifier, "the classifier's snippet declares and records its outputs", [
      // The prediction histogram on the baseline's prediction edges, observed with each score.
      'PREDICTION_VALUES = Histogram("model_prediction_value", "Numeric predictions served", ["model", "version"],\n                              buckets=[0.1, 0.25, 0.5, 0.75, 0.9])',
      'PREDICTION_VALUES.labels(MODEL, VERSION).observe(score)',
      // The score histogram by actual class on the baseline's score edges, observed when the label arrives.
      'SCORES = Histogram("model_prediction_score", "Score of the positive class (1), by actual class",',
      '["model", "version", "actual"], buckets=[0.1, 0.25, 0.5, 0.75, 0.9])',
      'SCORES.labels(MODEL, VERSION, str(actual)).observe(score)',
      'PREDICTIONS = Counter("model_predictions_total"',
    ]);
    expectThat(!classifier.includes('ABSOLUTE_ERRORS'), 'a classifier gets no regression errors');
    await expectPredictionBinding(page, 'fraud');
    await showSnippetAt(page, appIds.gettingStarted.python, 'PREDICTION_VALUES = Histogram');
    await screenshotState(page, 'classifier');

    await page.getByRole('radio', { name: 'Node.js (prom-client)' }).click();
    const node = await textOf(page, appIds.gettingStarted.node);
    expectThat(
      node.includes('const scores = new client.Histogram({ name: "model_prediction_score"') && node.includes('buckets: [0.1, 0.25, 0.5, 0.75, 0.9] });'),
      'the Node snippet declares the score histogram on the score edges'
    );
    await page.getByRole('radio', { name: 'Python (prometheus_client)' }).click();

    const regression = await fillInFromBaseline(page, 'delivery_time', '4');
    expectAllIn(regression, 'the regression snippet declares and records its prediction and errors', [
      'buckets=[10, 20, 30, 45, 60])',
      'PREDICTION_VALUES.labels(MODEL, VERSION).observe(prediction)',
      'ABSOLUTE_ERRORS = Summary("model_absolute_error"',
      'SQUARED_ERRORS = Summary("model_squared_error"',
      'POSITIVE_ERRORS = Summary("model_positive_error"',
      'PERCENTAGE_ERRORS = Summary("model_absolute_percentage_error"',
      'def record_outcome(actual, prediction):',
    ]);
    expectThat(
      !regression.includes('SCORES = Histogram') && !regression.includes('PREDICTIONS = Counter'),
      'a regression model gets no score histogram and no class counters'
    );
    await expectPredictionBinding(page, 'delivery_time');
    await showSnippetAt(page, appIds.gettingStarted.python, 'ABSOLUTE_ERRORS = Summary');
    await screenshotState(page, 'regression');
  },

  'datasource-config': async (page) => {
    const token = page.getByRole('textbox', { name: 'Token' });
    expectThat(
      (await token.inputValue()) === 'configured' && (await token.isDisabled()),
      'a configured secret shows as configured, read-only'
    );
    await page.getByRole('textbox', { name: /URL.*model metrics/ }).fill('prometheus:9090');
    await page.getByText('"prometheus:9090" needs http:// or https:// in front').waitFor({ timeout: 5000 });
    await page.getByText('Metric and field names').click();
    expectThat(
      (await page.getByLabel('Feature histogram').getAttribute('placeholder')) === 'model_feature_value',
      'mapping placeholders show the defaults'
    );
    await screenshotState(page, 'invalid-url');
  },

  'datasource-query': async (page) => {
    await page.locator(byTestId(datasourceIds.queryEditor.container)).waitFor();
    await page.getByLabel('Window').fill('an hour');
    await page.getByLabel('Window').blur();
    const error = await textOf(page, datasourceIds.queryEditor.windowError);
    expectThat(error.includes('is not a duration'), `bad window explained, got "${error}"`);
    await page.getByLabel('Query type').click();
    await page.getByText('Baseline', { exact: true }).last().click();
    expectThat((await page.getByLabel('Window').count()) === 0, 'a baseline query has no window');
    await screenshotState(page, 'baseline-type');
  },
};
