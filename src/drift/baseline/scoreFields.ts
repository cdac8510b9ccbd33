/**
 * The score fields of a baseline build, checked by one rule set for every entry point (`mldrift baseline build
 * --score --label --positive-class --score-edges`, `POST baselines/build?score=&label=&positiveClass=&scoreEdges=`
 * and the app's build form), so each refuses the same requests; each message names the field as that entry point
 * spells it. What only the data can tell (a positive class no row has, a label with three values) is the tally's.
 */
import { parseUpperBounds } from './edges';
import { BASELINE_LIMITS } from './limits';
import type { ScoreTallyOptions } from './scoreTally';

export type ScoreField = 'score' | 'label' | 'positiveClass' | 'scoreEdges';

/** How an entry point spells each field in its messages. */
export type ScoreFieldNames = Readonly<Record<ScoreField, string>>;

export const CLI_SCORE_FIELDS: ScoreFieldNames = { score: '--score', label: '--label', positiveClass: '--positive-class', scoreEdges: '--score-edges' };

export const API_SCORE_FIELDS: ScoreFieldNames = {
  score: 'parameter score',
  label: 'parameter label',
  positiveClass: 'parameter positiveClass',
  scoreEdges: 'parameter scoreEdges',
};

/** The fields as given; undefined: not given. `scoreEdges` is the comma-separated text. */
export type ScoreFieldValues = Partial<Record<ScoreField, string>>;

export type CheckedScoreFields = { ok: true; options: ScoreTallyOptions | undefined } | { ok: false; field: ScoreField; error: string };

/** The score tally's options (undefined without a score), or the first problem and the field it belongs to. */
export function checkScoreFields(values: ScoreFieldValues, names: ScoreFieldNames): CheckedScoreFields {
  const { score, label, positiveClass, scoreEdges } = values;
  const refuse = (field: ScoreField, error: string): CheckedScoreFields => ({ ok: false, field, error });
  if (score === undefined) {
    const companion = positiveClass !== undefined ? 'positiveClass' : scoreEdges !== undefined ? 'scoreEdges' : undefined;
    return companion ? refuse(companion, `${names.positiveClass} and ${names.scoreEdges} go with ${names.score}`) : { ok: true, options: undefined };
  }
  if (score === '') {
    return refuse('score', `${names.score} must name a column`);
  }
  if (label === undefined || label === '') {
    return refuse('label', `${names.score} needs ${names.label} (the column of the actual class)`);
  }
  if (positiveClass === '') {
    return refuse('positiveClass', `${names.positiveClass} must not be empty`);
  }
  if (positiveClass !== undefined && positiveClass.length > BASELINE_LIMITS.maxCategoryLength) {
    return refuse('positiveClass', `${names.positiveClass}: at most ${BASELINE_LIMITS.maxCategoryLength} characters, got ${positiveClass.length}`);
  }
  if (scoreEdges === undefined) {
    return { ok: true, options: { score, label, positiveClass, fieldNames: names } };
  }
  const parsed = parseUpperBounds(scoreEdges);
  if (!parsed.ok) {
    return refuse('scoreEdges', `${names.scoreEdges} ${JSON.stringify(scoreEdges.slice(0, 80))}: ${parsed.problem}`);
  }
  if (parsed.bounds.length > BASELINE_LIMITS.maxUpperBounds) {
    return refuse('scoreEdges', `${names.scoreEdges}: at most ${BASELINE_LIMITS.maxUpperBounds} bounds, got ${parsed.bounds.length}`);
  }
  return { ok: true, options: { score, label, positiveClass, upperBounds: parsed.bounds, fieldNames: names } };
}
