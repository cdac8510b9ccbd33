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
import { defaultOptions as heatmapDefaults } from '../../../src/panels/drift-heatmap/types';
import { confusionFrame } from '../fixtures/confusion';
import { driftFrames } from '../fixtures/drift';
import { panelProps, scenes } from './scenes';

const params = new URLSearchParams(window.location.search);
const mode = params.get('theme') === 'light' ? 'light' : 'dark';
const theme = createTheme({ colors: { mode } });
const container = document.getElementById('root')!;
const root = createRoot(container);

function Frame({ children, width, height }: { children: React.ReactNode; width: number; height: number }): React.JSX.Element {
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
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
      <Frame width={width} height={height}>
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
  confusion: (classes, repeats) => {
    const frame = confusionFrame(classes);
    return Array.from({ length: repeats }, () =>
      timeRender(<ConfusionMatrixPanel {...panelProps({ ...confusionDefaults }, [{ ...frame }], 1000, 600)} />, 1000, 600)
    );
  },
};
