import { useCallback, useMemo } from 'react';
import type { BaselineSummary } from '../shared/resourceModel';
import { useAsyncResult } from '../datasource/useAsyncResult';
import {
  baselineClientFor,
  chooseDatasource,
  fetchFeatureStatuses,
  listDriftDatasources,
  type DriftDatasourceRef,
} from './api';
import type { AppSettings } from './types';

export function useDatasourceChoice(settings: AppSettings | undefined) {
  const uid = settings?.defaultDatasourceUid;
  return useMemo(() => chooseDatasource({ defaultDatasourceUid: uid }, listDriftDatasources()), [uid]);
}

export function useBaselineClient(datasource: DriftDatasourceRef) {
  return useMemo(() => baselineClientFor(datasource), [datasource]);
}

export function useBaselineList(datasource: DriftDatasourceRef) {
  const client = useBaselineClient(datasource);
  return useAsyncResult(useCallback(() => client.listBaselines(), [client]));
}

export function useBindingList(datasource: DriftDatasourceRef) {
  const client = useBaselineClient(datasource);
  return useAsyncResult(useCallback(() => client.listBindings(), [client]));
}

export function useFeatureStatuses(datasource: DriftDatasourceRef, baseline: BaselineSummary) {
  return useAsyncResult(useCallback(() => fetchFeatureStatuses(datasource, baseline), [datasource, baseline]));
}
