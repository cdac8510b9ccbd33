import { PanelPlugin } from '@grafana/data';

import { DriftHeatmapPanel } from './DriftHeatmapPanel';
import { optionsBuilder } from './options';
import { DriftHeatmapOptions } from './types';

export const plugin = new PanelPlugin<DriftHeatmapOptions>(DriftHeatmapPanel).setPanelOptions(optionsBuilder);
