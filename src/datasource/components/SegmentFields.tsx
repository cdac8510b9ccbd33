import { Field, InlineSwitch, Input, Stack } from '@grafana/ui';
import { useState } from 'react';
import { DEFAULT_SEGMENT_LIMIT, MAX_SEGMENT_LIMIT, type DriftQuery } from '../../shared/queryModel';
import { testIds } from './testIds';

type SegmentOptions = Pick<DriftQuery, 'segmentBy' | 'segmentLimit' | 'segmentOther'>;

interface Props {
  options: SegmentOptions;
  /** What is wrong with the limit (`validateSegmentLimit`), shown under it. */
  error: string | undefined;
  /** Called when a field is left or the switch flips: a query runs per committed value, not per keystroke. */
  onChange: (options: SegmentOptions) => void;
}

/** "Segment by": the label or field to split by, how many values get their own series, and whether the rest is summed. */
export function SegmentFields({ options, error, onChange }: Props) {
  const [label, setLabel] = useState(options.segmentBy ?? '');
  const [limit, setLimit] = useState(options.segmentLimit === undefined ? '' : String(options.segmentLimit));
  const segmented = (options.segmentBy ?? '') !== '';
  const commitLimit = () => {
    const trimmed = limit.trim();
    // Kept as typed when it is a number, so the editor can say what is wrong with it; text that is none is dropped.
    onChange({ ...options, segmentLimit: trimmed === '' || Number.isNaN(Number(trimmed)) ? undefined : Number(trimmed) });
  };
  return (
    <Stack gap={1} alignItems="flex-start">
      <Field label="Segment by" description="A label (Prometheus) or field (Elasticsearch)">
        <Input
          id="drift-segment-by"
          width={18}
          value={label}
          placeholder="region"
          onChange={(e) => setLabel(e.currentTarget.value)}
          onBlur={() => onChange({ ...options, segmentBy: label.trim() || undefined })}
        />
      </Field>
      {segmented && (
        <Field
          label="Top segments"
          description={`By traffic; at most ${MAX_SEGMENT_LIMIT}`}
          invalid={!!error}
          error={<span data-testid={testIds.queryEditor.segmentError}>{error}</span>}
        >
          <Input
            id="drift-segment-limit"
            type="number"
            width={10}
            value={limit}
            placeholder={String(DEFAULT_SEGMENT_LIMIT)}
            onChange={(e) => setLimit(e.currentTarget.value)}
            onBlur={commitLimit}
          />
        </Field>
      )}
      {segmented && (
        <Field label="Rest as other">
          <InlineSwitch
            id="drift-segment-other"
            value={options.segmentOther ?? true}
            onChange={(e) => onChange({ ...options, segmentOther: e.currentTarget.checked })}
          />
        </Field>
      )}
    </Stack>
  );
}
