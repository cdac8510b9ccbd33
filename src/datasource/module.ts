import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import type { DriftQuery } from '../shared/queryModel';
import type { DriftDataSourceOptions } from '../shared/settingsModel';

export const plugin = new DataSourcePlugin<DataSource, DriftQuery, DriftDataSourceOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
