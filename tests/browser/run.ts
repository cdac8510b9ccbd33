/**
 * Browser test of the panels: every scene of the harness, in light and dark, in Debian's Chromium.
 * `npx tsx tests/browser/run.ts [scene…]`. Screenshots go to test-output/screenshots/<scene>-<theme>.png.
 * Prints `N passed, M failed` and exits non-zero on any failure.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { checks } from './checks';
import { startHarness } from './server';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');
const THEMES = ['light', 'dark'] as const;

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  await mkdir(SCREENSHOTS, { recursive: true });
  const harness = await startHarness();
  let passed = 0;
  let failed = 0;
  try {
    // The scene list lives in the page (scenes.tsx), so scenes added there are screenshotted without changes here.
    const indexPage = await harness.browser.newPage();
    await indexPage.goto(harness.url);
    const scenes = (await indexPage.evaluate(() => window.harnessScenes)).filter((scene) => only.length === 0 || only.includes(scene.name));
    await indexPage.close();
    for (const { name, width, height } of scenes) {
      for (const theme of THEMES) {
        const page = await harness.browser.newPage({ viewport: { width: width + 40, height: height + 40 } });
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') {
            errors.push(message.text());
          }
        });
        const label = `${name} (${theme})`;
        try {
          await page.goto(`${harness.url}?panel=${name}&theme=${theme}`);
          await page.locator('#scene').waitFor();
          await page.waitForTimeout(150);
          await page.locator('#scene').screenshot({ path: path.join(SCREENSHOTS, `${name}-${theme}.png`) });
          await checks[name]?.(page);
          if (errors.length > 0) {
            throw new Error(`errors in the page: ${errors.join(' | ')}`);
          }
          passed++;
          console.log(`ok   ${label}`);
        } catch (error) {
          failed++;
          console.log(`FAIL ${label}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        } finally {
          await page.close();
        }
      }
    }
  } finally {
    await harness.close();
  }
  console.log(`screenshots in ${SCREENSHOTS}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  }
);
