import { BASELINE_LIMITS } from './limits';
import { API_SCORE_FIELDS, checkScoreFields, CLI_SCORE_FIELDS, type ScoreField, type ScoreFieldValues } from './scoreFields';

describe('checkScoreFields', () => {
  it('gives no tally without a score, and the tally options with one', () => {
    expect(checkScoreFields({}, CLI_SCORE_FIELDS)).toEqual({ ok: true, options: undefined });
    expect(checkScoreFields({ label: 'y' }, CLI_SCORE_FIELDS)).toEqual({ ok: true, options: undefined });
    expect(checkScoreFields({ score: 'p', label: 'y' }, API_SCORE_FIELDS)).toEqual({
      ok: true,
      options: { score: 'p', label: 'y', positiveClass: undefined, fieldNames: API_SCORE_FIELDS },
    });
    expect(checkScoreFields({ score: 'p', label: 'y', positiveClass: 'churned', scoreEdges: ' 0.25, 0.5 ,0.75' }, CLI_SCORE_FIELDS)).toEqual({
      ok: true,
      options: { score: 'p', label: 'y', positiveClass: 'churned', upperBounds: [0.25, 0.5, 0.75], fieldNames: CLI_SCORE_FIELDS },
    });
  });

  const tooManyEdges = Array.from({ length: BASELINE_LIMITS.maxUpperBounds + 1 }, (_, i) => i / 1000).join(',');
  const refused: Array<{ what: string; values: ScoreFieldValues; field: ScoreField; cli: string; api: string }> = [
    {
      what: 'a positive class without a score',
      values: { label: 'y', positiveClass: 'a' },
      field: 'positiveClass',
      cli: '--positive-class and --score-edges go with --score',
      api: 'parameter positiveClass and parameter scoreEdges go with parameter score',
    },
    {
      what: 'score edges without a score',
      values: { scoreEdges: '0.5' },
      field: 'scoreEdges',
      cli: '--positive-class and --score-edges go with --score',
      api: 'parameter positiveClass and parameter scoreEdges go with parameter score',
    },
    {
      what: 'an empty score column',
      values: { score: '', label: 'y' },
      field: 'score',
      cli: '--score must name a column',
      api: 'parameter score must name a column',
    },
    {
      what: 'a score without a label',
      values: { score: 'p' },
      field: 'label',
      cli: '--score needs --label (the column of the actual class)',
      api: 'parameter score needs parameter label (the column of the actual class)',
    },
    {
      what: 'an empty positive class',
      values: { score: 'p', label: 'y', positiveClass: '' },
      field: 'positiveClass',
      cli: '--positive-class must not be empty',
      api: 'parameter positiveClass must not be empty',
    },
    {
      what: 'a positive class too long for a baseline',
      values: { score: 'p', label: 'y', positiveClass: 'x'.repeat(BASELINE_LIMITS.maxCategoryLength + 1) },
      field: 'positiveClass',
      cli: `--positive-class: at most ${BASELINE_LIMITS.maxCategoryLength} characters, got ${BASELINE_LIMITS.maxCategoryLength + 1}`,
      api: `parameter positiveClass: at most ${BASELINE_LIMITS.maxCategoryLength} characters`,
    },
    {
      what: 'score edges not increasing',
      values: { score: 'p', label: 'y', scoreEdges: '0.5,0.2' },
      field: 'scoreEdges',
      cli: '--score-edges "0.5,0.2": bounds must be strictly increasing (0.5 then 0.2)',
      api: 'parameter scoreEdges "0.5,0.2": bounds must be strictly increasing',
    },
    {
      what: 'a score edge that is not a number',
      values: { score: 'p', label: 'y', scoreEdges: '0.5,half' },
      field: 'scoreEdges',
      cli: '--score-edges "0.5,half": "half" is not a finite number',
      api: 'parameter scoreEdges "0.5,half": "half" is not a finite number',
    },
    {
      what: 'an empty score edge',
      values: { score: 'p', label: 'y', scoreEdges: '0.5,,0.7' },
      field: 'scoreEdges',
      cli: '--score-edges "0.5,,0.7": "" is not a finite number',
      api: 'parameter scoreEdges',
    },
    {
      what: 'more score edges than a baseline holds',
      values: { score: 'p', label: 'y', scoreEdges: tooManyEdges },
      field: 'scoreEdges',
      cli: `--score-edges: at most ${BASELINE_LIMITS.maxUpperBounds} bounds, got ${BASELINE_LIMITS.maxUpperBounds + 1}`,
      api: `parameter scoreEdges: at most ${BASELINE_LIMITS.maxUpperBounds} bounds`,
    },
  ];

  it.each(refused)('refuses $what, naming the field as each entry point spells it', ({ values, field, cli, api }) => {
    const fromCli = checkScoreFields(values, CLI_SCORE_FIELDS);
    const fromApi = checkScoreFields(values, API_SCORE_FIELDS);
    expect(fromCli.ok || fromCli.field).toBe(field);
    expect(fromApi.ok || fromApi.field).toBe(field);
    expect(fromCli.ok ? '' : fromCli.error).toContain(cli);
    expect(fromApi.ok ? '' : fromApi.error).toContain(api);
  });
});
