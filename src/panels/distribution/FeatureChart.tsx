import { css } from '@emotion/css';
import { colorManipulator, GrafanaTheme2, InterpolateFunction } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React, { useMemo, useState } from 'react';

import { fieldValueFormatter, fixedFieldColor } from '../shared/fieldConfig';
import { formatCount, formatPercent, MISSING } from '../shared/format';
import { tText } from '../shared/i18n';
import { followLink, panelLinkHref } from '../shared/links';
import { floatingTooltip } from '../shared/styles';
import { cumulativeShares, displayValues, formatAxisValue, formatBound, largestCdfGap, niceMax } from './bars';
import { barsPath, computeChartGeometry, labelStride, slotAt, stepPath, yOf } from './chartLayout';
import { DistributionBin, FeatureDistribution } from './model';
import { StatsHeader } from './StatsHeader';
import { topContributorBins } from './statistics';
import { testIds } from './testIds';
import { DistributionOptions } from './types';

interface Props {
  feature: FeatureDistribution;
  options: DistributionOptions;
  width: number;
  height: number;
  replaceVariables: InterpolateFunction;
}

const HEADER_HEIGHT = 64;
const LABEL_WIDTH = 44;

function featureHref(feature: FeatureDistribution, template: string, replaceVariables: InterpolateFunction): string | undefined {
  const values = { feature: feature.feature, model: feature.model ?? '', version: feature.version ?? '' };
  // the link is about the whole feature, not one bin: the field's first row serves
  return panelLinkHref(template, values, feature.linkField, 0, replaceVariables);
}

function share(counts: number[] | undefined, i: number): string {
  if (!counts) {
    return MISSING;
  }
  const sum = counts.reduce((a, b) => a + b, 0);
  return `${formatCount(counts[i])} (${formatPercent(sum > 0 ? counts[i] / sum : undefined)})`;
}

/** A bin as the tooltip names it: with the field's unit when it has one, else as the frames labelled it. */
export function binLabel(bin: DistributionBin, format?: (value: number) => string): string {
  if (!format || bin.lower === undefined || bin.upper === undefined) {
    return bin.label;
  }
  const edge = (value: number): string => (Number.isFinite(value) ? format(value) : value > 0 ? '+∞' : '−∞');
  return `(${edge(bin.lower)}, ${edge(bin.upper)}]`;
}

/** What a bin's contribution means in the tooltip: a share of the score, or where a gap method's gap sits. */
function contributionText(method: string, share: number | undefined): string {
  if (method === 'ks') {
    return t('distribution.tooltip.contribution-ks', 'Largest CDF gap at its upper edge');
  }
  if (method === 'linf') {
    return t('distribution.tooltip.contribution-linf', 'Largest difference of shares');
  }
  return tText('distribution.tooltip.contribution', 'Share of {{method}} {{share}}', { method, share: formatPercent(share) });
}

function chartLabel(feature: FeatureDistribution, cdf: boolean): string {
  const values = { feature: feature.feature, count: feature.bins.length };
  if (feature.kind === 'numeric') {
    return cdf
      ? tText('distribution.chart.label-cdf-bins', '{{feature}}: cumulative distribution of baseline and current over {{count}} bins', values)
      : tText('distribution.chart.label-bins', '{{feature}}: distribution of baseline and current over {{count}} bins', values);
  }
  return cdf
    ? tText('distribution.chart.label-cdf-categories', '{{feature}}: cumulative distribution of baseline and current over {{count}} categories', values)
    : tText('distribution.chart.label-categories', '{{feature}}: distribution of baseline and current over {{count}} categories', values);
}

export function FeatureChart({ feature, options, width, height, replaceVariables }: Props): React.JSX.Element {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [hovered, setHovered] = useState<number | undefined>();
  // a single colour set on a side's field (Color scheme, usually through an override) replaces the default
  const colors = {
    baseline: fixedFieldColor(feature.fields?.baseline, theme) ?? theme.visualization.getColorByName('blue'),
    current: fixedFieldColor(feature.fields?.current, theme) ?? theme.visualization.getColorByName('orange'),
  };
  const unitFormat = fieldValueFormatter(feature.fields?.edges, theme);
  const formatEdge = unitFormat ?? formatBound;
  const chartHeight = Math.max(60, height - HEADER_HEIGHT);
  const geometry = computeChartGeometry(width, chartHeight, feature.bins.length);
  const cdf = options.view === 'cdf';
  const { baseline, current, bins, kind } = feature;
  const series = useMemo(() => {
    const values = (counts?: number[]) =>
      counts && (cdf ? cumulativeShares(counts) : displayValues(counts, bins, options.normalization, kind));
    return { baseline: values(baseline), current: values(current) };
  }, [baseline, current, bins, kind, options.normalization, cdf]);
  const yMax = cdf
    ? 1
    : niceMax(Math.max(0, ...[...(series.baseline ?? []), ...(series.current ?? [])].filter((v) => Number.isFinite(v))));
  const grouped = feature.kind === 'categorical' && series.baseline && series.current;
  const gap = cdf && series.baseline && series.current ? largestCdfGap(series.baseline, series.current) : undefined;
  const href = featureHref(feature, options.featureLink, replaceVariables);
  const stride = labelStride(geometry, LABEL_WIDTH);
  const axisMode = cdf ? 'cdf' : options.normalization;
  const bottom = geometry.top + geometry.plotHeight;
  // Bars only: the CDF view marks its own largest gap.
  const highlighted = cdf ? [] : topContributorBins(feature.contributions, Math.max(0, Math.floor(options.highlightContributors ?? 0)));
  // ks and linf do not split their score: the one outlined bin is where their largest gap sits.
  const gapMethod = feature.stats?.method === 'ks' || feature.stats?.method === 'linf';
  const omittedEnds =
    !cdf && feature.kind === 'numeric' && options.normalization === 'density'
      ? (series.baseline ?? series.current ?? []).filter((v) => Number.isNaN(v)).length
      : 0;

  return (
    <div className={styles.chart} style={{ width, height }} data-testid={testIds.chart} data-feature={feature.feature}>
      <StatsHeader
        feature={feature}
        href={href}
        onOpen={
          href
            ? (event: React.MouseEvent) => {
                event.preventDefault();
                followLink(href);
              }
            : undefined
        }
        showStats={options.showStats}
        colors={colors}
      />
      <svg
        width={width}
        height={chartHeight}
        role="img"
        aria-label={chartLabel(feature, cdf)}
        onMouseMove={(event) => setHovered(slotAt(geometry, event.clientX - event.currentTarget.getBoundingClientRect().left))}
        onMouseLeave={() => setHovered(undefined)}
      >
        {[0, 0.5, 1].map((fraction) => (
          <g key={fraction}>
            <line
              x1={geometry.left}
              x2={geometry.left + geometry.plotWidth}
              y1={yOf(geometry, fraction * yMax, yMax)}
              y2={yOf(geometry, fraction * yMax, yMax)}
              className={styles.gridLine}
            />
            <text x={geometry.left - 4} y={yOf(geometry, fraction * yMax, yMax)} className={styles.yLabel}>
              {formatAxisValue(fraction * yMax, axisMode)}
            </text>
          </g>
        ))}
        {cdf ? (
          <>
            {series.baseline && (
              <path d={stepPath(series.baseline, geometry)} stroke={colors.baseline} className={styles.line} data-testid={testIds.baselineCdf} />
            )}
            {series.current && (
              <path d={stepPath(series.current, geometry)} stroke={colors.current} className={styles.line} data-testid={testIds.currentCdf} />
            )}
            {gap && series.baseline && series.current && (
              <g data-testid={testIds.cdfGap} data-gap={gap.gap.toFixed(4)}>
                <line
                  x1={geometry.left + (gap.index + 1) * geometry.slotWidth}
                  x2={geometry.left + (gap.index + 1) * geometry.slotWidth}
                  y1={yOf(geometry, series.baseline[gap.index], 1)}
                  y2={yOf(geometry, series.current[gap.index], 1)}
                  className={styles.gapLine}
                />
                <text
                  x={Math.min(geometry.left + (gap.index + 1) * geometry.slotWidth + 4, geometry.left + geometry.plotWidth - 90)}
                  y={(yOf(geometry, series.baseline[gap.index], 1) + yOf(geometry, series.current[gap.index], 1)) / 2}
                  className={styles.gapLabel}
                >
                  {tText('distribution.chart.max-gap', 'max gap {{gap}}', { gap: formatPercent(gap.gap) })}
                </text>
              </g>
            )}
          </>
        ) : (
          <>
            {series.baseline && (
              <path
                d={barsPath(series.baseline, geometry, yMax, grouped ? 0.1 : 0.08, grouped ? 0.4 : 0.84)}
                fill={colorManipulator.alpha(colors.baseline, 0.55)}
                stroke={colors.baseline}
                className={styles.bars}
                data-testid={testIds.baselineBars}
              />
            )}
            {series.current && (
              <path
                d={barsPath(series.current, geometry, yMax, grouped ? 0.5 : 0.08, grouped ? 0.4 : 0.84)}
                fill={colorManipulator.alpha(colors.current, grouped ? 0.55 : 0.3)}
                stroke={colors.current}
                className={styles.bars}
                data-testid={testIds.currentBars}
              />
            )}
          </>
        )}
        {highlighted.map((index, rank) => {
          const x = geometry.left + index * geometry.slotWidth;
          const share = feature.contributions?.[index] ?? 0;
          return (
            <g key={index} data-testid={testIds.contributor} data-bin={feature.bins[index]?.label} data-rank={rank + 1} data-share={share.toFixed(4)}>
              <rect x={x + 1} y={geometry.top + 1} width={Math.max(0, geometry.slotWidth - 2)} height={Math.max(0, geometry.plotHeight - 2)} className={styles.contributor} />
              {geometry.slotWidth >= 24 && (
                <text x={x + geometry.slotWidth / 2} y={geometry.top + 10} className={styles.contributorLabel}>
                  {gapMethod ? t('distribution.chart.contributor-gap', 'gap') : formatPercent(share)}
                </text>
              )}
            </g>
          );
        })}
        {hovered !== undefined && (
          <rect
            x={geometry.left + hovered * geometry.slotWidth}
            y={geometry.top}
            width={geometry.slotWidth}
            height={geometry.plotHeight}
            className={styles.hover}
          />
        )}
        <line x1={geometry.left} x2={geometry.left + geometry.plotWidth} y1={bottom} y2={bottom} className={styles.axis} />
        {feature.kind === 'numeric'
          ? // numeric bins: their bounds at the slot edges, as on any histogram axis
            feature.bins.slice(0, -1).map((bin, i) =>
              i % stride === stride - 1 && bin.upper !== undefined && Number.isFinite(bin.upper) ? (
                <text key={i} x={geometry.left + (i + 1) * geometry.slotWidth} y={bottom + 14} className={styles.xLabel}>
                  {formatEdge(bin.upper)}
                </text>
              ) : null
            )
          : feature.bins.map((bin, i) =>
              i % stride === 0 ? (
                <text key={i} x={geometry.left + (i + 0.5) * geometry.slotWidth} y={bottom + 14} className={styles.xLabel}>
                  {bin.label.length > 12 ? `${bin.label.slice(0, 11)}…` : bin.label}
                </text>
              ) : null
            )}
        {omittedEnds > 0 && (
          <text x={geometry.left + geometry.plotWidth} y={geometry.top + 10} className={styles.note}>
            {t('distribution.chart.open-ended', 'open-ended buckets not drawn in density')}
          </text>
        )}
      </svg>
      {hovered !== undefined && (
        <div
          className={styles.tooltip}
          role="tooltip"
          data-testid={testIds.tooltip}
          style={{
            left: Math.min(geometry.left + (hovered + 1) * geometry.slotWidth + 6, Math.max(0, width - 200)),
            top: HEADER_HEIGHT + geometry.top,
          }}
        >
          <div>
            <strong>{binLabel(feature.bins[hovered], unitFormat)}</strong>
          </div>
          <div>{tText('distribution.tooltip.baseline', 'Baseline {{share}}', { share: share(feature.baseline, hovered) })}</div>
          <div>{tText('distribution.tooltip.current', 'Current {{share}}', { share: share(feature.current, hovered) })}</div>
          {feature.stats && feature.contributions?.[hovered] !== undefined && (
            <div>{contributionText(feature.stats.method, feature.contributions[hovered])}</div>
          )}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  chart: css({ position: 'relative', overflow: 'hidden', paddingTop: theme.spacing(0.5) }),
  gridLine: css({ stroke: theme.colors.border.weak, strokeDasharray: '2 3' }),
  axis: css({ stroke: theme.colors.border.medium }),
  yLabel: css({ fill: theme.colors.text.secondary, fontSize: 10, textAnchor: 'end', dominantBaseline: 'middle' }),
  xLabel: css({ fill: theme.colors.text.secondary, fontSize: 10, textAnchor: 'middle' }),
  note: css({ fill: theme.colors.text.secondary, fontSize: 10, textAnchor: 'end', fontStyle: 'italic' }),
  bars: css({ strokeWidth: 1 }),
  line: css({ fill: 'none', strokeWidth: 2 }),
  gapLine: css({ stroke: theme.colors.text.primary, strokeWidth: 2, strokeDasharray: '3 2' }),
  gapLabel: css({
    fill: theme.colors.text.primary,
    fontSize: 11,
    dominantBaseline: 'middle',
    // a halo in the background colour keeps the label readable where it crosses a line
    stroke: theme.colors.background.primary,
    strokeWidth: 3,
    paintOrder: 'stroke',
  }),
  hover: css({ fill: theme.colors.action.hover, pointerEvents: 'none' }),
  // Neutral, so the outline stands apart from both sides' colours (orange by default).
  contributor: css({ fill: 'none', stroke: theme.colors.text.primary, strokeWidth: 1.5, strokeDasharray: '4 2', pointerEvents: 'none' }),
  contributorLabel: css({
    fill: theme.colors.text.primary,
    fontSize: 10,
    textAnchor: 'middle',
    stroke: theme.colors.background.primary,
    strokeWidth: 3,
    paintOrder: 'stroke',
    pointerEvents: 'none',
  }),
  tooltip: css({ ...floatingTooltip(theme), zIndex: 1, whiteSpace: 'nowrap' }),
});
