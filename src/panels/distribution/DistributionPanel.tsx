import { PanelProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React, { useMemo } from 'react';

import { DataErrorView } from '../shared/DataErrorView';
import { tText } from '../shared/i18n';
import { smallMultiples } from './chartLayout';
import { CurvesView } from './CurvesView';
import { FeatureChart } from './FeatureChart';
import { getPanelStyles, NOTICE_HEIGHT } from './panelStyles';
import { expectedShapes, readDistributionFrames } from './readFrames';
import { sortFeatures } from './statistics';
import { testIds } from './testIds';
import { curveKindOf, DistributionOptions } from './types';

/** The feature distributions (histogram, CDF), or a classifier's ROC or calibration curves. */
export function DistributionPanel(props: PanelProps<DistributionOptions>): React.JSX.Element {
  const curve = curveKindOf(props.options.view);
  return curve === undefined ? <FeatureDistributions {...props} /> : <CurvesView {...props} kind={curve} />;
}

function FeatureDistributions({ id, data, options, fieldConfig, width, height, replaceVariables }: PanelProps<DistributionOptions>): React.JSX.Element {
  const styles = useStyles2(getPanelStyles);
  const read = useMemo(
    () =>
      readDistributionFrames(data.series, options.referenceQuery, {
        method: options.method === 'auto' ? undefined : options.method,
        threshold: options.threshold > 0 ? options.threshold : undefined,
      }),
    [data.series, options.referenceQuery, options.method, options.threshold]
  );
  // a query that failed without returning frames also lands here, as no data: the message tells the two apart
  if (!read.ok) {
    return (
      <DataErrorView panelId={id} data={data} fieldConfig={fieldConfig} failure={read} expected={expectedShapes()} testId={testIds.message} />
    );
  }
  const sorted = sortFeatures(read.features, options.sortBy);
  const shown = sorted.slice(0, Math.max(1, options.maxFeatures));
  const notices = [...read.notices];
  if (shown.length < sorted.length) {
    notices.push(
      options.sortBy === 'drift'
        ? tText('distribution.notice.shown-by-drift', 'Showing {{shown}} of {{total}} features (most drifted first)', {
            shown: shown.length,
            total: sorted.length,
          })
        : tText('distribution.notice.shown-by-name', 'Showing {{shown}} of {{total}} features (by name)', { shown: shown.length, total: sorted.length })
    );
  }
  const gridHeight = height - (notices.length > 0 ? NOTICE_HEIGHT : 0);
  const scrolls = (layout: ReturnType<typeof smallMultiples>) =>
    Math.ceil(shown.length / layout.columns) * layout.chartHeight > gridHeight;
  const firstGuess = smallMultiples(shown.length, width, gridHeight, options.minChartWidth);
  const layout = scrolls(firstGuess) ? smallMultiples(shown.length, width - 16, gridHeight, options.minChartWidth) : firstGuess;

  return (
    <div className={styles.panel} style={{ width, height }} data-testid={testIds.panel}>
      {notices.length > 0 && (
        <div className={styles.notice} data-testid={testIds.notices}>
          {notices.join(' · ')}
        </div>
      )}
      <div className={styles.grid} style={{ height: gridHeight, gridTemplateColumns: `repeat(${layout.columns}, ${layout.chartWidth}px)` }}>
        {shown.map((feature) => (
          <FeatureChart
            key={`${feature.feature}\u0000${feature.model ?? ''}\u0000${feature.version ?? ''}`}
            feature={feature}
            options={options}
            width={layout.chartWidth}
            height={layout.chartHeight}
            replaceVariables={replaceVariables}
          />
        ))}
      </div>
    </div>
  );
}
