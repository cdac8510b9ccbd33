/**
 * What to say when a query matches no series. "No data" alone leaves a user guessing between a wrong metric
 * name, a label the exporter does not have and a value that does not occur; one look at the label names the
 * metric carries (`/api/v1/labels`, only after an empty answer) tells which, and the notice names the executed
 * query and what is missing, e.g. "`response_distribution_bucket` exists with labels {le, model_version}; it
 * has no label model, version".
 */
import { errorMessage } from '../log';
import type { DriftNotice } from '../../drift/types';
import type { PrometheusApi } from './client';
import { quoteString, type LabelMatcher } from './promql';

/** The part of the API an explanation needs. */
export type LabelNamesApi = Pick<PrometheusApi, 'labelNames'>;

export interface EmptyAnswer {
  /** The executed query, as sent. */
  query: string;
  /** The metric its selector reads (with `_bucket` for classic histograms) and the selector's matchers. */
  metric: string;
  matchers: readonly LabelMatcher[];
}

/** How many label names a notice lists. */
const NAMES_SHOWN = 20;
/** Longer matcher values (regex alternations of many features) are cut. */
const VALUE_SHOWN = 80;

function shownMatcher(m: LabelMatcher): string {
  const quoted = quoteString(m.value);
  return `${m.label}${m.op}${quoted.length > VALUE_SHOWN ? `${quoted.slice(0, VALUE_SHOWN)}…"` : quoted}`;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN);
  return `{${shown.join(', ')}${names.length > shown.length ? `, … ${names.length - shown.length} more` : ''}}`;
}

/** The label names the metric's series carry in the window (none: no series), or why they could not be looked up. */
export type LabelLookup = { ok: true; names: readonly string[] } | { ok: false; error: string };

/** The notice for an empty answer, from what the metric has. */
export function emptyAnswerNotice(answer: EmptyAnswer, lookup: LabelLookup): DriftNotice {
  const head = `no series matched \`${answer.query}\``;
  if (!lookup.ok) {
    return { severity: 'warning', text: `${head} (the labels of ${answer.metric} could not be looked up: ${lookup.error})` };
  }
  const names = lookup.names.filter((n) => n !== '__name__').sort();
  if (names.length === 0) {
    return {
      severity: 'warning',
      text: `${head}: there is no series named ${answer.metric} in the window; check the metric name (datasource mapping or the model's binding) and that Prometheus scrapes the exporter`,
    };
  }
  // A matcher that an empty value satisfies (`!=`, `=""`) matches series without the label too.
  const selecting = answer.matchers.filter((m) => (m.op === '=' || m.op === '=~') && m.value !== '');
  const absent = [...new Set(selecting.map((m) => m.label).filter((label) => !names.includes(label)))];
  const exists = `\`${answer.metric}\` exists with labels ${listNames(names)}`;
  if (absent.length > 0) {
    return {
      severity: 'warning',
      text: `${head}: ${exists}; it has no label ${absent.join(', ')} (selected as ${selecting.filter((m) => absent.includes(m.label)).map(shownMatcher).join(', ')}): name the labels it has, or select none, in the model's binding or the datasource mapping`,
    };
  }
  return {
    severity: 'warning',
    text: `${head}: ${exists}, but none of its series in the window has ${answer.matchers.map(shownMatcher).join(', ')}; check these values (model, version, feature names)`,
  };
}

/** The notice for an empty answer of a binding's raw expression (no one metric to look up). */
export function emptyRawAnswerNotice(query: string): DriftNotice {
  return { severity: 'warning', text: `no series matched the binding's expression \`${query}\`; run it in Grafana's Explore to see what it selects` };
}

/** The notice for an empty answer, after one look at the metric's label names in [fromMs, toMs]. */
export async function explainEmptyAnswer(api: LabelNamesApi, answer: EmptyAnswer, fromMs: number, toMs: number, signal?: AbortSignal): Promise<DriftNotice> {
  try {
    const names = await api.labelNames(`{__name__=${quoteString(answer.metric)}}`, fromMs, toMs, signal);
    return emptyAnswerNotice(answer, { ok: true, names: names.data });
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    return emptyAnswerNotice(answer, { ok: false, error: errorMessage(error) });
  }
}
