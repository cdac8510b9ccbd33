import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Collapse, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { useCallback, useState } from 'react';
import type { BaselineClient } from '../../datasource/baselineClient';
import { useAsyncResult } from '../../datasource/useAsyncResult';
import type { BaselineFeature } from '../../drift/types';
import { featureTotals } from '../baselineForms';
import { testIds } from '../testIds';
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
        {baseline.source?.description ? ` (${baseline.source.description})` : ''}, created {new Date(baseline.createdAt).toLocaleString()}
      </p>
      {baseline.features.map((feature, index) => (
        <FeatureSection key={feature.name} feature={feature} initiallyOpen={index === 0} />
      ))}
    </div>
  );
}

function FeatureSection({ feature, initiallyOpen }: { feature: BaselineFeature; initiallyOpen: boolean }) {
  const styles = useStyles2(getStyles);
  const [open, setOpen] = useState(initiallyOpen);
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
          min {feature.summary.min}, mean {feature.summary.mean.toPrecision(4)}, std {feature.summary.std.toPrecision(4)}, max{' '}
          {feature.summary.max}
        </p>
      )}
      <BinTable feature={feature} />
    </Collapse>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  meta: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, margin: theme.spacing(0, 0, 1) }),
});
