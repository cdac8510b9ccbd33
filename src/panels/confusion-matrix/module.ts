import { PanelPlugin } from '@grafana/data';

import { ConfusionMatrixPanel } from './ConfusionMatrixPanel';
import { optionsBuilder } from './options';
import { ConfusionMatrixOptions } from './types';

export const plugin = new PanelPlugin<ConfusionMatrixOptions>(ConfusionMatrixPanel).setPanelOptions(optionsBuilder);
