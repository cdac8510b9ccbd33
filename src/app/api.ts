/**
 * Everything the app pages ask Grafana for: which drift datasource to use, its baseline client, and the
 * latest drift status of a baseline's features (an instant, threshold-normalised `drift` query).
 */
import {
  dateTime,
  type AppPluginMeta,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import { getBackendSrv, getDataSourceSrv } from '@grafana/runtime';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { BaselineClient, errorMessageOf } from '../datasource/baselineClient';
import type { DriftQuery, LiveSource } from '../shared/queryModel';
import type { BaselineSummary } from '../shared/resourceModel';
import { defaultLiveSource } from '../shared/defaultSource';
import { UPSTREAM_SETTING_KEYS, type DriftDataSourceOptions } from '../shared/settingsModel';
import { APP_ID, DRIFT_DATASOURCE_TYPE, STATUS_WINDOW } from './constants';
import { featureStatuses, type FeatureStatus } from './models';
import type { AppSettings } from './types';

export interface DriftDatasourceRef {
  uid: string;
  name: string;
  jsonData: DriftDataSourceOptions;
}

export function listDriftDatasources(): DriftDatasourceRef[] {
  return getDataSourceSrv()
    .getList({ pluginId: DRIFT_DATASOURCE_TYPE })
    .map((ds: DataSourceInstanceSettings) => ({
      uid: ds.uid,
      name: ds.name,
      jsonData: ds.jsonData as DriftDataSourceOptions,
    }));
}

export type DatasourceChoice =
  { kind: 'chosen'; datasource: DriftDatasourceRef; configuredMissing: boolean } | { kind: 'none' };

/**
 * The configured datasource if it still exists, else the first drift datasource (saying the configured one
 * is gone), else none: the pages then show how to add one.
 */
export function chooseDatasource(
  settings: AppSettings | undefined,
  available: readonly DriftDatasourceRef[]
): DatasourceChoice {
  const configured = settings?.defaultDatasourceUid;
  const match = configured ? available.find((ds) => ds.uid === configured) : undefined;
  if (match) {
    return { kind: 'chosen', datasource: match, configuredMissing: false };
  }
  if (available.length > 0) {
    return {
      kind: 'chosen',
      datasource: available[0],
      configuredMissing: configured !== undefined && configured !== '',
    };
  }
  return { kind: 'none' };
}

/** The datasource's default live source (`defaultLiveSource`), offered where a form or a snippet must name one. */
export function liveSourceOf(jsonData: DriftDataSourceOptions): LiveSource {
  return defaultLiveSource((source) => !!jsonData[UPSTREAM_SETTING_KEYS[source].url]);
}

export function statusRequest(
  datasource: DriftDatasourceRef,
  baseline: BaselineSummary,
  now: number
): DataQueryRequest<DriftQuery> {
  const to = dateTime(now);
  const fromTime = dateTime(now - 60 * 60 * 1000);
  return {
    requestId: `${APP_ID}-status-${baseline.id}`,
    app: APP_ID,
    interval: '1m',
    intervalMs: 60_000,
    range: { from: fromTime, to, raw: { from: `now-${STATUS_WINDOW}`, to: 'now' } },
    scopedVars: {},
    timezone: 'browser',
    startTime: now,
    targets: [
      {
        refId: 'status',
        datasource: { type: DRIFT_DATASOURCE_TYPE, uid: datasource.uid },
        queryType: 'drift',
        // No source: read where the model is bound, else the default (`querySource.ts`), as Check bindings checks it.
        baseline: baseline.id,
        window: STATUS_WINDOW,
        instant: true,
        normalizeByThreshold: true,
        includePValue: false,
      },
    ],
  };
}

function responseError(response: DataQueryResponse): string | undefined {
  const errors = response.errors ?? (response.error ? [response.error] : []);
  const messages = errors.map((e) => e.message ?? e.data?.message ?? 'query failed');
  return messages.length > 0 ? messages.join('; ') : undefined;
}

export async function fetchFeatureStatuses(
  datasource: DriftDatasourceRef,
  baseline: BaselineSummary,
  now = Date.now()
): Promise<FeatureStatus[]> {
  const api = await getDataSourceSrv().get({ type: DRIFT_DATASOURCE_TYPE, uid: datasource.uid });
  const answer = api.query(statusRequest(datasource, baseline, now) as DataQueryRequest) as
    Observable<DataQueryResponse> | Promise<DataQueryResponse>;
  const response = await lastValueFrom(from(answer));
  const error = responseError(response);
  if (error) {
    throw new Error(error);
  }
  return featureStatuses(baseline.features, response.data as DataFrame[]);
}

export function baselineClientFor(datasource: DriftDatasourceRef): BaselineClient {
  return new BaselineClient(datasource.uid);
}

/** Body of Grafana's `POST /api/plugins/<app>/settings`: keeps enabled/pinned and the other jsonData keys. */
export function appSettingsUpdate(
  meta: Pick<AppPluginMeta<AppSettings>, 'enabled' | 'pinned' | 'jsonData'>,
  defaultDatasourceUid: string | undefined
) {
  const jsonData: AppSettings = { ...meta.jsonData };
  if (defaultDatasourceUid) {
    jsonData.defaultDatasourceUid = defaultDatasourceUid;
  } else {
    delete jsonData.defaultDatasourceUid;
  }
  return { enabled: meta.enabled ?? true, pinned: meta.pinned ?? true, jsonData };
}

export async function saveAppSettings(
  meta: Pick<AppPluginMeta<AppSettings>, 'enabled' | 'pinned' | 'jsonData'>,
  defaultDatasourceUid: string | undefined
) {
  try {
    await lastValueFrom(
      getBackendSrv().fetch({
        url: `api/plugins/${APP_ID}/settings`,
        method: 'POST',
        data: appSettingsUpdate(meta, defaultDatasourceUid),
        showErrorAlert: false,
      })
    );
  } catch (error) {
    throw new Error(errorMessageOf(error));
  }
}
