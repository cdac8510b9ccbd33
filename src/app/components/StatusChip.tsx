import { Badge, type BadgeColor } from '@grafana/ui';
import type { FeatureStatus } from '../models';

const LOOK: Record<FeatureStatus['state'], { color: BadgeColor; text: string }> = {
  ok: { color: 'green', text: 'OK' },
  drift: { color: 'red', text: 'drift' },
  unknown: { color: 'darkgrey', text: 'no data' },
};

export function StatusChip({ status, testId }: { status: FeatureStatus; testId: string }) {
  const look = LOOK[status.state];
  const score = status.normalizedScore === undefined ? '' : ` ${status.normalizedScore.toFixed(2)}×`;
  const tooltip =
    status.normalizedScore === undefined
      ? 'No live data for this feature in the last hour'
      : `Score is ${status.normalizedScore.toFixed(2)} times its threshold${status.method ? ` (${status.method})` : ''}`;
  return (
    <Badge data-testid={testId} color={look.color} text={`${status.feature}: ${look.text}${score}`} tooltip={tooltip} />
  );
}
