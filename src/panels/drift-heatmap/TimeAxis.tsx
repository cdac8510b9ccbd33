import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2, TimeZone } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { HeatmapLayout, timeTicks, timeToX } from './layout';
import { testIds } from './testIds';

const DAY_MS = 86_400_000;
export const AXIS_HEIGHT = 20;
/** Half the width of the widest label: ticks closer to the right edge would be cut. */
const HALF_LABEL = 40;

interface Props {
  layout: HeatmapLayout;
  from: number;
  to: number;
  timeZone: TimeZone;
}

export function TimeAxis({ layout, from, to, timeZone }: Props): React.JSX.Element {
  const styles = useStyles2(getStyles);
  const { times: candidates, stepMs } = timeTicks(from, to, layout.plotWidth);
  const times = candidates.filter((t) => timeToX(layout, from, to, t) <= layout.width - HALF_LABEL);
  const format = stepMs >= DAY_MS ? 'MM-DD' : to - from > DAY_MS ? 'MM-DD HH:mm' : 'HH:mm';
  return (
    <div className={styles.axis} data-testid={testIds.axis} aria-hidden>
      {times.map((t) => (
        <span key={t} className={styles.tick} style={{ left: timeToX(layout, from, to, t) }}>
          {dateTimeFormat(t, { format, timeZone })}
        </span>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  axis: css({ position: 'relative', height: AXIS_HEIGHT, flexShrink: 0 }),
  tick: css({
    position: 'absolute',
    top: 4,
    transform: 'translateX(-50%)',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
  }),
});
