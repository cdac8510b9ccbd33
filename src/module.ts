import { AppPlugin } from '@grafana/data';
import { App } from './app/App';
import { AppConfig } from './app/AppConfig';
import type { AppSettings } from './app/types';

export const plugin = new AppPlugin<AppSettings>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
