import { DataFrame } from '@grafana/data';

import type { CompareOptions } from '../../drift/types';
import { DISTRIBUTION_FIELDS } from '../../shared/frameContract';
import { NO_DATA, ReadFailure, shapeMismatch } from '../shared/frames';
import { tText } from '../shared/i18n';
import { FeatureDistribution } from './model';
import { isDatasourceFrame, readDatasourceFrame } from './readDatasourceFrames';
import { isPrometheusHistogramFrame, readPrometheusHistograms } from './readPrometheusHistograms';
import { readSeriesSamples } from './readSeriesSamples';
import { computeStats, withBrowserStats } from './statistics';

export type ReadResult =
  | { ok: true; features: FeatureDistribution[]; source: 'datasource' | 'prometheus' | 'samples'; notices: string[] }
  | ReadFailure;

/** What the panel reads, for its no-data and wrong-data messages. */
export function expectedShapes(): string {
  return tText(
    'distribution.expected-shapes',
    'the "distribution" or "baseline" query of the ML Drift datasource (one frame per feature with fields {{fields}}), Prometheus histogram buckets ("Time series" format, series labelled "le"), or raw values from two queries (reference and current, one row per observation)',
    { fields: [DISTRIBUTION_FIELDS.bin, DISTRIBUTION_FIELDS.baselineCount, DISTRIBUTION_FIELDS.currentCount].map((name) => `"${name}"`).join(', ') }
  );
}

/**
 * Recognises the shape of the panel's frames and reads them into features. Statistics the frames do not
 * carry are computed here with the drift engine: on raw samples when there are samples, else on buckets.
 */
export function readDistributionFrames(frames: DataFrame[], referenceQuery: string, compare: CompareOptions): ReadResult {
  const nonEmpty = frames.filter((frame) => frame.length > 0 && frame.fields.length > 0);
  if (nonEmpty.length === 0) {
    return NO_DATA;
  }
  const datasourceFrames = nonEmpty.filter(isDatasourceFrame);
  if (datasourceFrames.length > 0) {
    const features = datasourceFrames.map(readDatasourceFrame).map((feature) => withBrowserStats(feature, compare));
    const ignored = nonEmpty.length - datasourceFrames.length;
    return { ok: true, features, source: 'datasource', notices: ignored > 0 ? [tText('distribution.notice.ignored-frames', '{{count}} frame(s) of another shape ignored', { count: ignored })] : [] };
  }
  const histogramFrames = nonEmpty.filter(isPrometheusHistogramFrame);
  if (histogramFrames.length > 0) {
    const { features, notices } = readPrometheusHistograms(histogramFrames, referenceQuery);
    return { ok: true, features: features.map((feature) => withBrowserStats(feature, compare)), source: 'prometheus', notices };
  }
  const sampled = readSeriesSamples(nonEmpty, referenceQuery);
  if (sampled.length === 0) {
    return shapeMismatch(nonEmpty[0]);
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
      ? [
          tText(
            'distribution.notice.one-sided',
            '{{count}} feature(s) have only one side: set the reference query (refId "{{refId}}") to compare',
            { count: oneSided, refId: referenceQuery }
          ),
        ]
      : [];
  return { ok: true, features, source: 'samples', notices };
}
