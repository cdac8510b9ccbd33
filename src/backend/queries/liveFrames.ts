/**
 * Dataplane frames of live queries: `timeseries-multi` series, `numeric-multi` numbers for alert rules, the
 * source's notices and executed query on the first frame, and notices collected once per text.
 */
import type { DriftNotice } from '../../drift/types';
import { field, type Frame, type FrameMeta } from '../frames';

export const TIMESERIES_MULTI: Pick<FrameMeta, 'type' | 'typeVersion'> = { type: 'timeseries-multi', typeVersion: [0, 1] };

export const NUMERIC_MULTI: Pick<FrameMeta, 'type' | 'typeVersion'> = { type: 'numeric-multi', typeVersion: [0, 1] };

/**
 * Collects notices once per text (a per-window notice would otherwise repeat at every step), with a cap so
 * a long range cannot produce thousands of them.
 */
export class NoticeCollector {
  private readonly seen = new Set<string>();
  private readonly list: DriftNotice[] = [];
  private dropped = 0;

  constructor(private readonly limit = 20) {}

  add(notices: Iterable<DriftNotice>): void {
    for (const notice of notices) {
      if (this.seen.has(notice.text)) {
        continue;
      }
      this.seen.add(notice.text);
      if (this.list.length < this.limit) {
        this.list.push(notice);
      } else {
        this.dropped++;
      }
    }
  }

  get notices(): DriftNotice[] {
    return this.dropped > 0 ? [...this.list, { severity: 'info', text: `${this.dropped} more notice(s) not shown` }] : [...this.list];
  }
}

/** A `timeseries-multi` frame: a time field and one labelled number field. */
export function seriesFrame(
  name: string,
  valueName: string,
  labels: Record<string, string>,
  times: number[],
  values: Array<number | null>,
  extra: { config?: Record<string, unknown>; notices?: DriftNotice[] } = {}
): Frame {
  return {
    name,
    meta: { ...TIMESERIES_MULTI, ...(extra.notices && extra.notices.length > 0 ? { notices: extra.notices } : {}) },
    fields: [field('time', 'time', times), field(valueName, 'number', values, { labels, ...(extra.config ? { config: extra.config } : {}) })],
  };
}

/** A `numeric-multi` frame: one labelled number (one row). */
export function numberFrame(
  name: string,
  valueName: string,
  labels: Record<string, string>,
  value: number,
  extra: { config?: Record<string, unknown>; notices?: DriftNotice[] } = {}
): Frame {
  return {
    name,
    meta: { ...NUMERIC_MULTI, ...(extra.notices && extra.notices.length > 0 ? { notices: extra.notices } : {}) },
    fields: [field(valueName, 'number', [value], { labels, ...(extra.config ? { config: extra.config } : {}) })],
  };
}

/**
 * Source-level notices and the executed query go on the first frame, where Grafana's inspector shows them.
 * Without data frames, notices travel on one frame without fields, which alerting still reads as NoData.
 */
export function attachSourceInfo(frames: Frame[], notices: DriftNotice[], executedQuery: string | undefined): Frame[] {
  if (frames.length === 0) {
    return notices.length > 0 ? [{ name: 'notices', meta: { notices, ...(executedQuery ? { executedQueryString: executedQuery } : {}) }, fields: [] }] : [];
  }
  const first = frames[0];
  const meta: FrameMeta = { ...(first.meta ?? {}) };
  if (notices.length > 0) {
    meta.notices = [...notices, ...(meta.notices ?? [])];
  }
  if (executedQuery) {
    meta.executedQueryString = executedQuery;
  }
  return [{ ...first, meta }, ...frames.slice(1)];
}

interface SeriesEntry {
  frameName: string;
  valueName: string;
  labels: Record<string, string>;
  config?: Record<string, unknown>;
  times: number[];
  values: number[];
}

/**
 * Points collected per (quantity, labels) in time order, written either as `timeseries-multi` frames or,
 * for instant queries, as `numeric-multi` frames of the last point. Series without points are not written.
 */
export class SeriesSet {
  private readonly entries = new Map<string, SeriesEntry>();

  add(valueName: string, labels: Record<string, string>, time: number, value: number | undefined, config?: Record<string, unknown>): void {
    if (value === undefined || Number.isNaN(value)) {
      return;
    }
    const key = JSON.stringify([valueName, labels]);
    let entry = this.entries.get(key);
    if (!entry) {
      const frameName = [valueName, ...Object.values(labels)].join(' ');
      entry = { frameName, valueName, labels, config, times: [], values: [] };
      this.entries.set(key, entry);
    }
    entry.times.push(time);
    entry.values.push(value);
  }

  frames(instant: boolean): Frame[] {
    return [...this.entries.values()].map((e) =>
      instant
        ? numberFrame(e.frameName, e.valueName, e.labels, e.values[e.values.length - 1], { config: e.config })
        : seriesFrame(e.frameName, e.valueName, e.labels, e.times, e.values, { config: e.config })
    );
  }
}
