import { Field, InlineSwitch, Input, Stack } from '@grafana/ui';
import { useState } from 'react';
import type { DriftQuery } from '../../shared/queryModel';

type SegmentOptions = Pick<DriftQuery, 'segmentBy' | 'segmentLimit' | 'segmentOther'>;

interface Props {
  options: SegmentOptions;
  /** Called when a field is left or the switch flips: a query runs per committed value, not per keystroke. */
  onChange: (options: SegmentOptions) => void;
}

/** "Segment by": the label or field to split by, how many values get their own series, and whether the rest is summed. */
export function SegmentFields({ options, onChange }: Props) {
  const [label, setLabel] = useState(options.segmentBy ?? '');
  const [limit, setLimit] = useState(options.segmentLimit === undefined ? '' : String(options.segmentLimit));
  const segmented = (options.segmentBy ?? '') !== '';
  const commitLimit = () => {
    const trimmed = limit.trim();
    // Left to the backend to refuse (a 400 naming segmentLimit): the editor only drops what is no number at all.
    onChange({ ...options, segmentLimit: trimmed === '' || Number.isNaN(Number(trimmed)) ? undefined : Number(trimmed) });
  };
  return (
    <Stack gap={1} alignItems="flex-start">
      <Field label="Segment by" description="A label (Prometheus) or field (Elasticsearch)">
        <Input id="drift-segment-by" width={18} value={label} placeholder="region" onChange={(e) => setLabel(e.currentTarget.value)} onBlur={() => onChange({ ...options, segmentBy: label.trim() || undefined })} />
      </Field>
      {segmented && (
        <Field label="Top segments" description="By traffic; at most 50">
          <Input id="drift-segment-limit" type="number" width={10} value={limit} placeholder="10" onChange={(e) => setLimit(e.currentTarget.value)} onBlur={commitLimit} />
        </Field>
      )}
      {segmented && (
        <Field label="Rest as other">
          <InlineSwitch id="drift-segment-other" value={options.segmentOther ?? true} onChange={(e) => onChange({ ...options, segmentOther: e.currentTarget.checked })} />
        </Field>
      )}
    </Stack>
  );
}
