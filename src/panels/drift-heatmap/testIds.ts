export const testIds = {
  panel: 'data-testid drift-heatmap panel',
  message: 'data-testid drift-heatmap message',
  legend: 'data-testid drift-heatmap legend',
  thresholdMarker: 'data-testid drift-heatmap threshold-marker',
  canvas: 'data-testid drift-heatmap canvas',
  scroller: 'data-testid drift-heatmap scroller',
  tooltip: 'data-testid drift-heatmap tooltip',
  axis: 'data-testid drift-heatmap time-axis',
  worstTable: 'data-testid drift-heatmap worst-features',
  notices: 'data-testid drift-heatmap notices',
};
