import type { Field } from '@grafana/data';

import type { DriftMethod, DriftNotice, FeatureKind } from '../../drift/types';

export interface DistributionBin {
  label: string;
  /** Numeric bins only: (lower, upper], with -Infinity / +Infinity for the open-ended end buckets. */
  lower?: number;
  upper?: number;
}

export interface DistributionStats {
  method: DriftMethod;
  statistic: number;
  statisticUpperBound?: number;
  pValue?: number;
  threshold?: number;
  drift?: boolean;
  notices: DriftNotice[];
  /** Computed here from the frames rather than read from the datasource. */
  computedInBrowser: boolean;
}

/** One feature as the panel draws it: bins in display order and the counts of each side. */
export interface FeatureDistribution {
  feature: string;
  kind: FeatureKind;
  model?: string;
  version?: string;
  bins: DistributionBin[];
  /** Counts per bin (or shares, when the frame only had ratios); undefined when that side is absent. */
  baseline?: number[];
  /** When the baseline side holds a live reference rather than the stored baseline: what it is (`version v1`). */
  reference?: string;
  current?: number[];
  stats?: DistributionStats;
  /** Each bin's share of the score (frame field `contribution`, or computed with the statistic); undefined where unknown. */
  contributions?: Array<number | undefined>;
  /** Why no statistic could be computed, in words. */
  statsError?: string;
  notices: string[];
  /** A field whose data links lead to the feature. */
  linkField?: Field;
  /**
   * Fields whose standard options the chart follows: `edges` formats bin edges with its unit and decimals;
   * `baseline` and `current` may set a single colour for their side.
   */
  fields?: { edges?: Field; baseline?: Field; current?: Field };
}
