import { PanelPlugin } from '@grafana/data';

import { DistributionPanel } from './DistributionPanel';
import { optionsBuilder } from './options';
import { DistributionOptions } from './types';

export const plugin = new PanelPlugin<DistributionOptions>(DistributionPanel).setPanelOptions(optionsBuilder);
