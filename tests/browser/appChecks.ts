/**
 * Checks of the app-page and datasource-editor scenes (tests/browser/harness/appScenes.tsx). They drive the pages
 * like a user (clicks, typing, a real file chooser) against the fake drift backend in the page, and save a
 * screenshot of each state reached on the way as `<scene>-<state>-<theme>.png`.
 */
import path from 'node:path';
import { Page } from 'playwright-core';

import { testIds as appIds } from '../../src/app/testIds';
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
    // The dialog is in a portal outside #scene: the whole page, named as screenshotState names states.
    const theme = new URL(page.url()).searchParams.get('theme');
    await page.screenshot({ path: path.join(SCREENSHOTS, `app-models-binding-editor-${theme}.png`) });
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
    await page.getByLabel('Fill in from a baseline').click();
    await page.getByText('fraud@1', { exact: true }).click();
    await page.getByText('MODEL, VERSION = "fraud", "1"', { exact: false }).waitFor();
    const filled = await textOf(page, appIds.gettingStarted.python);
    expectThat(filled.includes('"amount": [10, 50, 200, 1000]'), 'snippet carries the chosen baseline bucket edges');
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
