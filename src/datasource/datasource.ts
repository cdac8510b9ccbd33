import type { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import type { BaselineDocument } from '../drift/types';
import { BaselineClient, type UploadProgress } from './baselineClient';
import { DEFAULT_QUERY, type DriftQuery } from '../shared/queryModel';
import type {
  BaselineCreated,
  BaselineSummary,
  BuildBaselineParams,
  CaptureBaselineParams,
} from '../shared/resourceModel';
import type { DriftDataSourceOptions } from '../shared/settingsModel';
import { isValidQuery } from './validation';
import { interpolateQuery } from './variables';

export class DataSource extends DataSourceWithBackend<DriftQuery, DriftDataSourceOptions> {
  private readonly baselines: BaselineClient;

  constructor(
    instanceSettings: DataSourceInstanceSettings<DriftDataSourceOptions>,
    private readonly templateSrv: TemplateSrv = getTemplateSrv()
  ) {
    super(instanceSettings);
    this.baselines = new BaselineClient(instanceSettings.uid);
  }

  override getDefaultQuery(_app: CoreApp): Partial<DriftQuery> {
    return DEFAULT_QUERY;
  }

  override applyTemplateVariables(query: DriftQuery, scopedVars: ScopedVars): DriftQuery {
    return interpolateQuery(this.templateSrv, query, scopedVars);
  }

  override filterQuery(query: DriftQuery): boolean {
    return !query.hide && isValidQuery(query);
  }

  listBaselines(): Promise<BaselineSummary[]> {
    return this.baselines.listBaselines();
  }

  getBaseline(id: string): Promise<BaselineDocument> {
    return this.baselines.getBaseline(id);
  }

  uploadBaseline(document: unknown): Promise<BaselineCreated> {
    return this.baselines.uploadBaseline(document);
  }

  buildBaseline(
    file: Blob,
    params: BuildBaselineParams,
    onProgress: (progress: UploadProgress) => void
  ): Promise<BaselineCreated> {
    return this.baselines.buildBaseline(file, params, onProgress);
  }

  captureBaseline(params: CaptureBaselineParams): Promise<BaselineCreated> {
    return this.baselines.captureBaseline(params);
  }

  deleteBaseline(id: string): Promise<void> {
    return this.baselines.deleteBaseline(id);
  }
}
