import { DataFrame } from '@grafana/data';

import type { CompareOptions } from '../../drift/types';
import { DISTRIBUTION_FIELDS } from '../../shared/frameContract';
import { ReadFailure, shapeMismatch } from '../shared/frames';
import { FeatureDistribution } from './model';
import { isDatasourceFrame, readDatasourceFrame } from './readDatasourceFrames';
import { isPrometheusHistogramFrame, readPrometheusHistograms } from './readPrometheusHistograms';
import { readSeriesSamples } from './readSeriesSamples';
import { computeStats, withBrowserStats } from './statistics';

export type ReadResult =
  | { ok: true; features: FeatureDistribution[]; source: 'datasource' | 'prometheus' | 'samples'; notices: string[] }
  | ReadFailure;

export const EXPECTED_SHAPES =
  `distribution frames of the ML Monitor datasource (fields "${DISTRIBUTION_FIELDS.bin}", "${DISTRIBUTION_FIELDS.baselineCount}", ` +
  `"${DISTRIBUTION_FIELDS.currentCount}"), Prometheus histogram buckets (series labelled "le"), ` +
  'or raw values from two queries (reference and current, one row per observation)';

/**
 * Recognises the shape of the panel's frames and reads them into features. Statistics the frames do not
 * carry are computed here with the drift engine: on raw samples when there are samples, else on buckets.
 */
export function readDistributionFrames(frames: DataFrame[], referenceQuery: string, compare: CompareOptions): ReadResult {
  const nonEmpty = frames.filter((frame) => frame.length > 0 && frame.fields.length > 0);
  if (nonEmpty.length === 0) {
    return { ok: false, reason: 'empty', message: 'No data' };
  }
  const datasourceFrames = nonEmpty.filter(isDatasourceFrame);
  if (datasourceFrames.length > 0) {
    const features = datasourceFrames.map(readDatasourceFrame).map((feature) => withBrowserStats(feature, compare));
    const ignored = nonEmpty.length - datasourceFrames.length;
    return { ok: true, features, source: 'datasource', notices: ignored > 0 ? [`${ignored} frame(s) of another shape ignored`] : [] };
  }
  const histogramFrames = nonEmpty.filter(isPrometheusHistogramFrame);
  if (histogramFrames.length > 0) {
    const { features, notices } = readPrometheusHistograms(histogramFrames, referenceQuery);
    return { ok: true, features: features.map((feature) => withBrowserStats(feature, compare)), source: 'prometheus', notices };
  }
  const sampled = readSeriesSamples(nonEmpty, referenceQuery);
  if (sampled.length === 0) {
    return shapeMismatch(EXPECTED_SHAPES, nonEmpty[0]);
  }
  const features = sampled.map(({ distribution, reference, current }) => {
    if (!reference || !current) {
      return distribution;
    }
    const stats = computeStats(reference, current, compare, distribution.feature);
    return typeof stats === 'string' ? { ...distribution, statsError: stats } : { ...distribution, stats };
  });
  const oneSided = features.filter((f) => !f.baseline || !f.current).length;
  const notices =
    oneSided > 0
      ? [`${oneSided} feature(s) have only one side: set the reference query (refId "${referenceQuery}") to compare`]
      : [];
  return { ok: true, features, source: 'samples', notices };
}
