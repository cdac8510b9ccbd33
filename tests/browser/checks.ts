/** What the browser test checks on each scene of the harness (tests/browser/harness/scenes.tsx). */
import { Page } from 'playwright-core';

import { testIds as confusionIds } from '../../src/panels/confusion-matrix/testIds';
import { testIds as distributionIds } from '../../src/panels/distribution/testIds';
import { testIds as heatmapIds } from '../../src/panels/drift-heatmap/testIds';
import { appChecks } from './appChecks';
import { FIXTURE_SEGMENTS } from './fixtures/segmentedDrift';

export class CheckFailure extends Error {}

export function expectThat(condition: boolean, message: string): void {
  if (!condition) {
    throw new CheckFailure(message);
  }
}

const byTestId = (id: string): string => `[data-testid="${id}"]`;

async function text(page: Page, id: string): Promise<string> {
  return (await page.locator(byTestId(id)).first().textContent()) ?? '';
}

/** Share of the canvas's pixels that are painted (alpha > 0), read in the page. */
async function paintedShare(page: Page, id: string): Promise<number> {
  return page.locator(byTestId(id)).first().evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) {
      return 0;
    }
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] > 0) {
        painted++;
      }
    }
    return painted / (data.length / 4);
  });
}

/** Clicks, then waits for the in-page router to move; returns the new path and query. */
async function clickAndReadLocation(page: Page, click: () => Promise<void>): Promise<string> {
  const before = await page.evaluate(() => window.location.href);
  await click();
  await page.waitForFunction((previous) => window.location.href !== previous, before, { timeout: 5000 });
  return page.evaluate(() => decodeURIComponent(window.location.pathname + window.location.search));
}

/** Both sides' curves drawn, in their own colours, inside the box the reference diagonal spans. */
async function expectCurvesInsideThePlot(page: Page): Promise<void> {
  const reference = (await page.locator(byTestId(distributionIds.curveReference)).boundingBox())!;
  const colours = new Set<string>();
  for (const id of [distributionIds.curveLive, distributionIds.curveBaseline]) {
    const path = page.locator(`${byTestId(id)} path`);
    const box = (await path.boundingBox())!;
    // The boxes include the strokes: a few pixels of slack.
    const slack = 5;
    const inside =
      box.x >= reference.x - slack &&
      box.y >= reference.y - slack &&
      box.x + box.width <= reference.x + reference.width + slack &&
      box.y + box.height <= reference.y + reference.height + slack;
    expectThat(box.width > 20 && box.height > 20 && inside, `${id} drawn inside the plot, got ${JSON.stringify(box)} in ${JSON.stringify(reference)}`);
    colours.add((await path.getAttribute('stroke')) ?? '');
  }
  expectThat(colours.size === 2, `live and baseline in two colours, got ${[...colours].join(', ')}`);
}

export const checks: Record<string, (page: Page) => Promise<void>> = {
  distribution: async (page) => {
    const charts = page.locator(byTestId(distributionIds.chart));
    expectThat((await charts.count()) === 4, `4 charts expected, got ${await charts.count()}`);
    const order = await charts.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-feature')));
    expectThat(order[0] === 'income' && order[1] === 'tenure_months', `drifting features first, got ${order.join(', ')}`);
    const first = charts.first();
    expectThat((await first.locator(byTestId(distributionIds.verdict)).textContent()) === 'Drift', 'income shows the Drift verdict');
    expectThat(/KS 0\.27.*p < 0\.001/.test((await first.locator(byTestId(distributionIds.stats)).textContent()) ?? ''), 'income header shows KS and p');
    // The chart, not the icons in the header.
    const box = (await first.locator('svg[aria-label*="of baseline and current"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = await text(page, distributionIds.tooltip);
    expectThat(/Baseline .*Current /.test(tooltip), `hover shows both sides, got "${tooltip}"`);
    await page.mouse.move(0, 0);
    const location = await clickAndReadLocation(page, () => first.locator(byTestId(distributionIds.title)).click());
    expectThat(location === '/d/mlops-feature?var-feature=income', `title opens the feature link, got ${location}`);
  },
  'distribution-cdf': async (page) => {
    const gap = await text(page, distributionIds.cdfGap);
    expectThat(/max gap \d+(\.\d)?%/.test(gap), `CDF gap labelled, got "${gap}"`);
    expectThat((await page.locator(byTestId(distributionIds.currentCdf)).count()) === 1, 'current CDF drawn');
  },
  'distribution-prometheus': async (page) => {
    const stats = await text(page, distributionIds.stats);
    expectThat(/^PSI \d/.test(stats), `PSI computed in the browser from le buckets, got "${stats}"`);
    const d = (await page.locator(byTestId(distributionIds.baselineBars)).getAttribute('d')) ?? '';
    expectThat((d.match(/M/g) ?? []).length >= 8, 'de-cumulated buckets drawn as bars');
    // Shares computed in the browser with the statistic: three outlined, largest first.
    const shares = await page.locator(byTestId(distributionIds.contributor)).evaluateAll((elements) => elements.map((e) => Number(e.getAttribute('data-share'))));
    expectThat(shares.length === 3 && shares[0] >= shares[1] && shares[1] >= shares[2] && shares[2] > 0, `three top contributors outlined, got ${shares.join(', ')}`);
  },
  'distribution-contributors': async (page) => {
    const outlined = page.locator(byTestId(distributionIds.contributor));
    const bins = await outlined.evaluateAll((elements) => elements.map((e) => `${e.getAttribute('data-rank')} ${e.getAttribute('data-bin')}`));
    expectThat(bins.length === 3 && bins[0].startsWith('1 '), `three contributors ranked, got ${bins.join(' | ')}`);
    const label = (await outlined.first().textContent()) ?? '';
    expectThat(/^\d+\.\d%$/.test(label), `the largest one labelled with its share, got "${label}"`);
    const box = (await outlined.first().locator('rect').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = await text(page, distributionIds.tooltip);
    expectThat(new RegExp(`Share of psi ${label.replace('.', '\\.')}`).test(tooltip), `tooltip gives the bin's share, got "${tooltip}"`);
  },
  'distribution-reference': async (page) => {
    const chart = page.locator(byTestId(distributionIds.chart)).first();
    const legend = (await chart.textContent()) ?? '';
    expectThat(/Reference: version v1 \(n=\d[\d,.\u202f\u00a0]*\)/.test(legend), `the legend names the live reference, got "${legend.slice(0, 200)}"`);
    expectThat(!/Baseline \(n=/.test(legend), 'no side is called the baseline');
  },
  'distribution-roc': async (page) => {
    const legend = await text(page, distributionIds.curveLegend);
    expectThat(/^Live AUC 0\.\d{3} \(0\.\d{3}–0\.\d{3}\)Baseline AUC 0\.\d{3} \(0\.\d{3}–0\.\d{3}\)Chance$/.test(legend), `AUC with bounds per side, got "${legend}"`);
    await expectCurvesInsideThePlot(page);
  },
  'distribution-calibration': async (page) => {
    const legend = await text(page, distributionIds.curveLegend);
    expectThat(/^Live ECE 0\.\d{3}Baseline ECE 0\.\d{3}Perfectly calibrated$/.test(legend), `ECE per side, got "${legend}"`);
    const points = await page.locator(`${byTestId(distributionIds.curveBaseline)} circle`).count();
    expectThat(points === 10, `one point per non-empty bucket, got ${points}`);
    await expectCurvesInsideThePlot(page);
  },
  'distribution-samples': async (page) => {
    const charts = page.locator(byTestId(distributionIds.chart));
    const features = await charts.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-feature')).sort());
    expectThat(features.join(',') === 'basket_value,device', `one chart per field, got ${features.join(', ')}`);
    const stats = await page.locator(byTestId(distributionIds.stats)).allTextContents();
    expectThat(stats.every((line) => /^[A-Z0-9_]+ \d/.test(line)), `statistics computed in the browser, got ${stats.join(' | ')}`);
  },
  'distribution-empty': async (page) => {
    const message = await text(page, distributionIds.message);
    expectThat(/^No data\. This panel reads the "distribution" or "baseline" query/.test(message), `no-data message says what the panel reads, got "${message}"`);
  },
  'distribution-units': async (page) => {
    const labels = await page.locator(`${byTestId(distributionIds.chart)} svg[role="img"] text`).allTextContents();
    expectThat(labels.some((label) => /^\$[\d,]+$/.test(label)), `bin edges in dollars, got ${labels.join(' | ')}`);
    const stroke = await page.locator(byTestId(distributionIds.currentBars)).getAttribute('stroke');
    const baseline = await page.locator(byTestId(distributionIds.baselineBars)).getAttribute('stroke');
    expectThat(stroke !== null && stroke !== baseline, `current side in its own single colour, got ${stroke}`);
  },
  confusion: async (page) => {
    const summary = await text(page, confusionIds.summary);
    expectThat(/Accuracy \d+\.\d% · Macro-F1 0\.\d+ · [\d,]+ samples · 10 classes/.test(summary), `summary, got "${summary}"`);
    const painted = await paintedShare(page, confusionIds.canvas);
    expectThat(painted > 0.3, `matrix canvas painted (${(painted * 100).toFixed(0)}% of pixels)`);
    const canvas = page.locator(byTestId(confusionIds.canvas));
    const size = Number(await canvas.getAttribute('data-cell-size'));
    const box = (await canvas.boundingBox())!;
    // the bottom-right cell is the last class on both axes, the last row of the metrics table
    const lastClass = await page.locator(`${byTestId(confusionIds.metricsTable)} tbody tr:last-child th`).textContent();
    await page.mouse.move(box.x + box.width - size / 2, box.y + box.height - size / 2);
    const tooltip = await text(page, confusionIds.tooltip);
    expectThat(tooltip.startsWith(`Actual ${lastClass}Predicted ${lastClass}Count `), `hover shows the ${lastClass} cell, got "${tooltip}"`);
    await page.mouse.move(0, 0);
    await page.locator(byTestId(confusionIds.classFilter)).fill('refund, login');
    expectThat((await canvas.getAttribute('data-classes')) === '2', 'class filter keeps 2 classes');
    expectThat((await page.locator(`${byTestId(confusionIds.metricsTable)} tbody tr`).count()) === 2, 'table filtered too');
  },
  'confusion-scheme': async (page) => {
    expectThat((await paintedShare(page, confusionIds.canvas)) > 0.3, 'matrix canvas painted');
    // viridis's upper end is green to yellow (green high, blue low), which the default blues never paint
    const viridisPixels = await page.locator(byTestId(confusionIds.canvas)).evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 1] > 150 && data[i + 2] < 110) {
          count++;
        }
      }
      return count;
    });
    expectThat(viridisPixels > 1000, `cells coloured by viridis, ${viridisPixels} green-yellow pixels`);
  },
  'confusion-wrong-shape': async (page) => {
    const message = await text(page, confusionIds.message);
    expectThat(/^This panel reads the "confusion" query.*The query returned fields: /.test(message), `wrong-shape message, got "${message}"`);
  },
  'confusion-100': async (page) => {
    const canvas = page.locator(byTestId(confusionIds.canvas));
    expectThat((await canvas.getAttribute('data-classes')) === '100', '100 classes drawn');
    expectThat((await paintedShare(page, confusionIds.canvas)) > 0.3, 'matrix canvas painted');
    const scrolls = await canvas.evaluate((element) => {
      const scroller = element.parentElement!.parentElement!;
      return scroller.scrollHeight > scroller.clientHeight;
    });
    expectThat(scrolls, 'a 100-class matrix scrolls instead of shrinking');
    expectThat((await page.locator(`${byTestId(confusionIds.confusedPairs)} li`).count()) === 10, 'top 10 confused pairs listed');
  },
  heatmap: async (page) => {
    const painted = await paintedShare(page, heatmapIds.canvas);
    expectThat(painted > 0.5, `heatmap canvas painted (${(painted * 100).toFixed(0)}% of pixels)`);
    expectThat((await page.locator(byTestId(heatmapIds.thresholdMarker)).count()) === 1, 'threshold marked on the legend');
    const canvas = page.locator(byTestId(heatmapIds.canvas));
    const box = (await canvas.boundingBox())!;
    const label = (await canvas.getAttribute('aria-label')) ?? '';
    expectThat(/^Drift heatmap of 24 features over 288 windows, \d+ feature\(s\) reached the threshold; worst: /.test(label), `aria summary, got "${label}"`);
    await page.mouse.move(box.x + box.width - 5, box.y + 5);
    const tooltip = await text(page, heatmapIds.tooltip);
    expectThat(/Feature.*Window.*Score.*Methodpsi.*Threshold0\.1/.test(tooltip), `hover tooltip, got "${tooltip}"`);
    const location = await clickAndReadLocation(page, () => page.mouse.click(box.x + box.width - 5, box.y + 5));
    expectThat(/^\/d\/mlops-distribution\?var-feature=[a-z_]+&from=\d+&to=\d+$/.test(location), `cell click opens the distribution, got ${location}`);
  },
  'heatmap-500': async (page) => {
    const canvas = page.locator(byTestId(heatmapIds.canvas));
    expectThat((await canvas.getAttribute('data-rows')) === '500' && (await canvas.getAttribute('data-windows')) === '2000', '500 × 2000 grid');
    expectThat((await paintedShare(page, heatmapIds.canvas)) > 0.5, 'heatmap canvas painted');
    await page.locator(byTestId(heatmapIds.scroller)).evaluate((element) => element.scrollBy(0, 3000));
    await page.waitForTimeout(100);
    expectThat((await paintedShare(page, heatmapIds.canvas)) > 0.5, 'still painted after scrolling');
    expectThat((await page.locator(`${byTestId(heatmapIds.worstTable)} tbody tr`).count()) === 10, 'screen-reader table of the 10 worst');
  },
  'heatmap-explained': async (page) => {
    const canvas = page.locator(byTestId(heatmapIds.canvas));
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width - 5, box.y + 5);
    const tooltip = await text(page, heatmapIds.tooltip);
    expectThat(/Top contributors\(/.test(tooltip), `hover tooltip names the top contributors, got "${tooltip}"`);
  },
  'heatmap-segments': async (page) => {
    const canvas = page.locator(byTestId(heatmapIds.canvas));
    expectThat((await canvas.getAttribute('data-rows')) === '15', `a row per feature and segment (3 × 5), got ${await canvas.getAttribute('data-rows')}`);
    const label = (await canvas.getAttribute('aria-label')) ?? '';
    expectThat(/; worst: [a-z_]+ · \S/.test(label), `aria summary names the worst row with its segment, got "${label}"`);
    const titles = await page.locator(`${byTestId(heatmapIds.worstTable)} tbody th`).allTextContents();
    const [first, second] = [titles[0]?.split(' · ')[0], titles[5]?.split(' · ')[0]];
    // series without the segment label are the segment '', which a title calls "(no value)"
    const expected = FIXTURE_SEGMENTS.map((segment) => segment || '(no value)');
    const expectedTitles = [...expected.map((segment) => `${first} · ${segment}`), ...expected.map((segment) => `${second} · ${segment}`)];
    expectThat(JSON.stringify(titles) === JSON.stringify(expectedTitles), `rows of a feature together, segments in the backend's order, got ${JSON.stringify(titles)}`);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width - 5, box.y + 5);
    const tooltip = await text(page, heatmapIds.tooltip);
    expectThat(tooltip.includes(`Feature${first}Segmenteu`), `hover tooltip names the segment, got "${tooltip}"`);
    const location = await clickAndReadLocation(page, () => page.mouse.click(box.x + box.width - 5, box.y + 5));
    expectThat(new RegExp(`^/d/mlops-distribution\\?var-feature=${first}&var-segment=eu&from=\\d+&to=\\d+$`).test(location), `cell click opens the segment's distribution, got ${location}`);
  },
  'heatmap-empty': async (page) => {
    const message = await text(page, heatmapIds.message);
    expectThat(/^No data\. This panel reads the "drift" query/.test(message), `no-data message says what the panel reads, got "${message}"`);
  },
  ...appChecks,
};
