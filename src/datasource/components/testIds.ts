export const testIds = {
  configEditor: {
    container: 'data-testid drift-config-editor',
    settingsError: (field: string) => `data-testid drift-config-error-${field}`,
  },
  queryEditor: {
    container: 'data-testid drift-query-editor',
    baselineError: 'data-testid drift-query-baseline-error',
    baselinesLoadError: 'data-testid drift-query-baselines-load-error',
    windowError: 'data-testid drift-query-window-error',
    scoreThresholdError: 'data-testid drift-query-score-threshold-error',
    predictionRangeError: 'data-testid drift-query-prediction-range-error',
    referenceError: 'data-testid drift-query-reference-error',
    segmentError: 'data-testid drift-query-segment-error',
  },
} as const;
