/**
 * The placeholders of a binding's raw PromQL expression, named after Grafana's own `$__interval` / `$__range`
 * so they read as users know them. Values are expanded in one pass over the template, so text that a value
 * brings in is never expanded again, and the model and version only ever enter as quoted PromQL strings:
 * a dashboard variable holding `"} or vector(1)` stays a string.
 */
import { quoteString } from '../prometheus/promql';

export const PLACEHOLDERS = ['$__window', '$__interval', '$__model', '$__version', '$__matchers'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Anything that looks like a placeholder, known or not (a typo is reported, not sent to Prometheus). */
export const PLACEHOLDER_PATTERN = /\$__[a-zA-Z_]+/g;

export interface PlaceholderValues {
  windowSeconds: number;
  intervalSeconds: number;
  model: string;
  version: string;
  /** The rendered matchers, `a="x",b="y"`. */
  matchers: string;
}

export function expandPlaceholders(template: string, values: PlaceholderValues): string {
  const expansions: Record<Placeholder, string> = {
    $__window: `${values.windowSeconds}s`,
    $__interval: `${values.intervalSeconds}s`,
    $__model: quoteString(values.model),
    $__version: quoteString(values.version),
    $__matchers: values.matchers,
  };
  return template.replace(PLACEHOLDER_PATTERN, (name) => {
    if (!(name in expansions)) {
      throw new Error(`unknown placeholder ${name}; known: ${PLACEHOLDERS.join(', ')}`);
    }
    return expansions[name as Placeholder];
  });
}
