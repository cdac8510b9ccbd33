import { AppPlugin } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { App } from './app/App';
import { AppConfig } from './app/AppConfig';
import type { AppSettings } from './app/types';
import pluginJson from './plugin.json';

// The Baselines page draws with the distribution panel's chart, whose strings go through @grafana/i18n:
// its t() needs the app's namespace (no catalogue yet, so the English defaults show). Not awaited.
void initPluginTranslations(pluginJson.id);

export const plugin = new AppPlugin<AppSettings>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
