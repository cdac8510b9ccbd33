import { startHarness } from './server';
(async () => {
  const h = await startHarness();
  const page = await h.browser.newPage({ viewport: { width: 1100, height: 700 } });
  await page.goto(`${h.url}?panel=heatmap&theme=dark`);
  await page.waitForTimeout(300);
  for (const id of ['panel', 'legend', 'scroller', 'time-axis', 'canvas']) {
    const box = await page.locator(`[data-testid="data-testid drift-heatmap ${id}"]`).boundingBox();
    console.log(id, JSON.stringify(box));
  }
  console.log(await page.locator(`[data-testid="data-testid drift-heatmap time-axis"]`).innerHTML());
  await h.close();
})();
