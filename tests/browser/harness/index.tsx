/**
 * The browser harness page: renders one scene (`?panel=<name>&theme=light|dark`) inside Grafana's theme.
 * Built with esbuild by tests/browser/build.ts; driven by tests/browser/run.ts and bench/panels-render.ts.
 */
import { createTheme } from '@grafana/data';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import React from 'react';
import { flushSync } from 'react-dom';
import { createRoot, Root } from 'react-dom/client';

import { ConfusionMatrixPanel } from '../../../src/panels/confusion-matrix/ConfusionMatrixPanel';
import { defaultOptions as confusionDefaults } from '../../../src/panels/confusion-matrix/types';
import { DriftHeatmapPanel } from '../../../src/panels/drift-heatmap/DriftHeatmapPanel';
import { DEFAULT_COLOR_SCHEME as HEATMAP_COLOR_SCHEME, defaultOptions as heatmapDefaults } from '../../../src/panels/drift-heatmap/types';
import { confusionFrame } from '../fixtures/confusion';
import { buildDriftGrid } from '../../../src/panels/drift-heatmap/grid';
import { mapPixelsToWindows, paintPooled, poolGrid } from '../../../src/panels/drift-heatmap/pixels';
import { readDriftFrames } from '../../../src/panels/drift-heatmap/readFrames';
import { buildLut, schemeStops } from '../../../src/panels/shared/colorScale';
import { driftFrames } from '../fixtures/drift';
import { panelProps, scenes } from './scenes';

const params = new URLSearchParams(window.location.search);
const mode = params.get('theme') === 'light' ? 'light' : 'dark';
const theme = createTheme({ colors: { mode } });
const container = document.getElementById('root')!;
const root = createRoot(container);

interface FrameProps {
  children: React.ReactNode;
  width: number;
  height: number;
  /** Grafana's page-wide styles; left out of benchmark renders, where Grafana would already have them. */
  globalStyles?: boolean;
}

function Frame({ children, width, height, globalStyles = true }: FrameProps): React.JSX.Element {
  return (
    <ThemeContext.Provider value={theme}>
      {globalStyles && <GlobalStyles />}
      <div
        id="scene"
        style={{
          width,
          height,
          padding: 8,
          boxSizing: 'content-box',
          background: theme.colors.background.primary,
          color: theme.colors.text.primary,
        }}
      >
        {children}
      </div>
    </ThemeContext.Provider>
  );
}

const sceneName = params.get('panel');
const scene = sceneName ? scenes[sceneName] : undefined;
if (scene) {
  root.render(
    <Frame width={scene.width} height={scene.height}>
      {scene.render()}
    </Frame>
  );
} else if (sceneName !== 'bench') {
  root.render(
    <Frame width={600} height={400}>
      <ul>
        {Object.keys(scenes).map((name) => (
          <li key={name}>
            <a href={`?panel=${name}&theme=${mode}`}>{name}</a>
          </li>
        ))}
      </ul>
    </Frame>
  );
}

/**
 * Benchmark entry points (bench/panels-render.ts): each call renders a fresh panel synchronously and returns
 * the milliseconds from the start of the render to the end of the canvas drawing (layout effects run inside
 * flushSync). Frames are built before timing: the figure is the panel's cost, not the fixture's.
 */
function timeRender(element: React.ReactElement, width: number, height: number): number {
  let benchRoot: Root | undefined = createRoot(container);
  const start = performance.now();
  flushSync(() => {
    benchRoot!.render(
      <Frame width={width} height={height} globalStyles={false}>
        {element}
      </Frame>
    );
  });
  const elapsed = performance.now() - start;
  benchRoot.unmount();
  benchRoot = undefined;
  return elapsed;
}

declare global {
  interface Window {
    harnessScenes: Array<{ name: string; width: number; height: number }>;
    harnessBench: {
      heatmap: (features: number, windows: number, repeats: number) => number[];
      heatmapStages: (features: number, windows: number, repeats: number) => Array<Record<string, number>>;
      confusion: (classes: number, repeats: number) => number[];
    };
  }
}

window.harnessScenes = Object.entries(scenes).map(([name, { width, height }]) => ({ name, width, height }));

window.harnessBench = {
  heatmap: (features, windows, repeats) => {
    const frames = driftFrames(features, windows, 60_000);
    return Array.from({ length: repeats }, () =>
      timeRender(
        <DriftHeatmapPanel {...panelProps({ ...heatmapDefaults }, frames.map((frame) => ({ ...frame })), 1000, 600, windows * 60_000)} />,
        1000,
        600
      )
    );
  },
  // The same work without React and canvas, stage by stage, to see where a render's time goes.
  heatmapStages: (features, windows, repeats) => {
    const frames = driftFrames(features, windows, 60_000);
    const lut = buildLut(schemeStops(theme, undefined, HEATMAP_COLOR_SCHEME));
    return Array.from({ length: repeats }, () => {
      const t0 = performance.now();
      const read = readDriftFrames(frames);
      const t1 = performance.now();
      const grid = buildDriftGrid(read.ok ? read.series : [], heatmapDefaults);
      const t2 = performance.now();
      const pooled = poolGrid(grid, mapPixelsToWindows(grid.times, grid.windowMs, grid.times[0] - grid.windowMs, grid.times[grid.times.length - 1], 870));
      const t3 = performance.now();
      paintPooled(pooled, lut, grid.domainMax);
      const t4 = performance.now();
      return { read: t1 - t0, grid: t2 - t1, pool: t3 - t2, paint: t4 - t3 };
    });
  },
  confusion: (classes, repeats) => {
    const frame = confusionFrame(classes);
    return Array.from({ length: repeats }, () =>
      timeRender(<ConfusionMatrixPanel {...panelProps({ ...confusionDefaults }, [{ ...frame }], 1000, 600)} />, 1000, 600)
    );
  },
};
