import { DataFrame, dateTime, EventBusSrv, FieldConfigSource, LoadingState, PanelProps } from '@grafana/data';

/** Fixed instants shared by the fixtures, so rendered times are deterministic (TZ=UTC in jest). */
export const FIXTURE_FROM = Date.UTC(2026, 10, 20, 0, 0, 0);
export const FIXTURE_TO = Date.UTC(2026, 10, 21, 0, 0, 0);

/** Props as Grafana passes them to a panel, built from frames and options; overrides for the rest. */
export function buildPanelProps<T>(options: T, series: DataFrame[], overrides: Partial<PanelProps<T>> = {}): PanelProps<T> {
  const fieldConfig: FieldConfigSource = { defaults: {}, overrides: [] };
  return {
    id: 1,
    data: {
      state: LoadingState.Done,
      series,
      timeRange: { from: dateTime(FIXTURE_FROM), to: dateTime(FIXTURE_TO), raw: { from: 'now-24h', to: 'now' } },
    },
    timeRange: { from: dateTime(FIXTURE_FROM), to: dateTime(FIXTURE_TO), raw: { from: 'now-24h', to: 'now' } },
    timeZone: 'utc',
    options,
    transparent: false,
    width: 900,
    height: 500,
    fieldConfig,
    renderCounter: 0,
    title: 'Panel',
    eventBus: new EventBusSrv(),
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables: (value: string) => value,
    onChangeTimeRange: () => {},
    ...overrides,
  };
}

