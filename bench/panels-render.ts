/**
 * Render benchmark of the canvas panels in Chromium (not a test; no assertions). In the browser harness,
 * each sample renders a fresh panel synchronously (React flushSync, so the canvas drawing in the layout
 * effect is included) and measures it with performance.now in the page; frames are built beforehand.
 * Cases from issue 6: drift heatmap 500 features × 2,000 windows, confusion matrix 100 classes; target < 200 ms.
 * `npx tsx bench/panels-render.ts`; figures go to stdout and to bench/out/panels-render.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { startHarness } from '../tests/browser/server';

const REPEATS = 9;
const TARGET_MS = 200;

function summary(samples: number[]): { n: number; median: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return { n: sorted.length, median: round(sorted[Math.floor(sorted.length / 2)]), min: round(sorted[0]), max: round(sorted[sorted.length - 1]) };
}

async function main(): Promise<void> {
  const harness = await startHarness();
  try {
    const page = await harness.browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.goto(`${harness.url}?panel=bench&theme=dark`);
    await page.waitForFunction(() => window.harnessBench !== undefined);
    const heatmap = summary(await page.evaluate((repeats) => window.harnessBench.heatmap(500, 2000, repeats), REPEATS));
    const stages = await page.evaluate((repeats) => window.harnessBench.heatmapStages(500, 2000, repeats), REPEATS);
    const stageMedians = Object.fromEntries(Object.keys(stages[0]).map((stage) => [stage, summary(stages.map((s) => s[stage])).median]));
    const confusion = summary(await page.evaluate((repeats) => window.harnessBench.confusion(100, repeats), REPEATS));
    const browserVersion = harness.browser.version();
    const results = {
      date: new Date().toISOString(),
      browser: `Chromium ${browserVersion} (headless, --disable-gpu)`,
      targetMs: TARGET_MS,
      heatmap500x2000: heatmap,
      heatmapStagesWithoutReact: stageMedians,
      confusion100: confusion,
    };
    console.log(`drift heatmap 500 × 2,000: median ${heatmap.median} ms (min ${heatmap.min}, max ${heatmap.max}, n ${heatmap.n})`);
    console.log(`  of which, without React and canvas (median ms): ${JSON.stringify(stageMedians)}`);
    console.log(`confusion matrix 100 classes: median ${confusion.median} ms (min ${confusion.min}, max ${confusion.max}, n ${confusion.n})`);
    console.log(`target < ${TARGET_MS} ms per render; ${browserVersion}`);
    const out = path.resolve(__dirname, 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'panels-render.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await harness.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
