export const testIds = {
  panel: 'data-testid confusion-matrix panel',
  message: 'data-testid confusion-matrix message',
  summary: 'data-testid confusion-matrix summary',
  canvas: 'data-testid confusion-matrix canvas',
  tooltip: 'data-testid confusion-matrix tooltip',
  metricsTable: 'data-testid confusion-matrix metrics',
  confusedPairs: 'data-testid confusion-matrix confused-pairs',
  classFilter: 'data-testid confusion-matrix class-filter',
  notices: 'data-testid confusion-matrix notices',
};
