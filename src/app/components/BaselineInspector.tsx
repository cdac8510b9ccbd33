import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, Collapse, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { useCallback, useMemo, useState } from 'react';
import type { BaselineClient } from '../../datasource/baselineClient';
import { useAsyncResult } from '../../datasource/useAsyncResult';
import type { BaselineDocument, BaselineFeature } from '../../drift/types';
import { FeatureChart } from '../../panels/distribution/FeatureChart';
import { defaultOptions as distributionDefaults } from '../../panels/distribution/types';
import { baselineFeatureDistribution } from '../baselineChart';
import { featureTotals } from '../baselineForms';
import { testIds } from '../testIds';
import { useElementWidth } from '../useElementWidth';
import { BinTable } from './BinTable';

export function BaselineInspector({ client, id }: { client: BaselineClient; id: string }) {
  const styles = useStyles2(getStyles);
  const [document] = useAsyncResult(useCallback(() => client.getBaseline(id), [client, id]));
  if (document.status === 'loading') {
    return <LoadingPlaceholder text="Loading baseline…" />;
  }
  if (document.status === 'error') {
    return (
      <Alert severity="error" title={`Could not read ${id}`}>
        {document.error}
      </Alert>
    );
  }
  const baseline = document.value;
  return (
    <div data-testid={testIds.baselines.detail}>
      <p className={styles.meta}>
        {baseline.features.length} features
        {baseline.source?.rows !== undefined ? ` from ${baseline.source.rows.toLocaleString()} rows` : ''}
        {baseline.source?.description ? ` (${baseline.source.description})` : ''}, created{' '}
        {new Date(baseline.createdAt).toLocaleString()}
      </p>
      {baseline.features.map((feature, index) => (
        <FeatureSection key={feature.name} baseline={baseline} feature={feature} initiallyOpen={index === 0} />
      ))}
    </div>
  );
}

/** Until the drawer is measured. */
const CHART_WIDTH = 480;
const CHART_HEIGHT = 220;
const CHART_OPTIONS = { ...distributionDefaults, showStats: false };

function FeatureSection({
  baseline,
  feature,
  initiallyOpen,
}: {
  baseline: BaselineDocument;
  feature: BaselineFeature;
  initiallyOpen: boolean;
}) {
  const styles = useStyles2(getStyles);
  const [open, setOpen] = useState(initiallyOpen);
  const [showCounts, setShowCounts] = useState(false);
  const [chartRef, chartWidth] = useElementWidth<HTMLDivElement>(CHART_WIDTH);
  const distribution = useMemo(() => baselineFeatureDistribution(feature, baseline), [feature, baseline]);
  const totals = featureTotals(feature);
  const label = (
    <Stack gap={1} alignItems="center">
      <span>{feature.name}</span>
      <Badge color={feature.kind === 'numeric' ? 'blue' : 'purple'} text={feature.kind} />
      <span className={styles.meta}>
        {totals.counted.toLocaleString()} values
        {totals.missing > 0 ? `, ${totals.missing.toLocaleString()} missing` : ''}
        {totals.nonFinite > 0 ? `, ${totals.nonFinite.toLocaleString()} non-finite` : ''}
      </span>
    </Stack>
  );
  return (
    <Collapse label={label} collapsible isOpen={open} onToggle={() => setOpen(!open)}>
      {feature.kind === 'numeric' && (
        <p className={styles.meta}>
          min {feature.summary.min}, mean {feature.summary.mean.toPrecision(4)}, std{' '}
          {feature.summary.std.toPrecision(4)}, max {feature.summary.max}
        </p>
      )}
      <div className={styles.chart} ref={chartRef}>
        <FeatureChart
          feature={distribution}
          options={CHART_OPTIONS}
          width={chartWidth}
          height={CHART_HEIGHT}
          replaceVariables={keepText}
        />
      </div>
      <Button
        size="sm"
        variant="secondary"
        fill="text"
        icon={showCounts ? 'angle-up' : 'angle-down'}
        onClick={() => setShowCounts(!showCounts)}
      >
        {showCounts ? 'Hide counts' : 'Show counts'}
      </Button>
      {showCounts && <BinTable feature={feature} />}
    </Collapse>
  );
}

/** The chart's links are not used here, so no variables to replace. */
const keepText = (text: string) => text;

const getStyles = (theme: GrafanaTheme2) => ({
  chart: css({ width: '100%', overflowX: 'auto' }),
  meta: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    margin: theme.spacing(0, 0, 1),
  }),
});
