/**
 * The `::part`s a page can style (docs/widget.md). Parts inside a nested element reach the
 * page only through `exportparts` on every element between, so each view is rendered with
 * this list.
 */
export const VIEW_PARTS = [
  'status',
  'error',
  'figures',
  'chart',
  'heat-map',
  'shortage-table',
  'recommendations',
  'filters',
  'results-table',
  'lookup-form',
  'outcome',
  'upload-form',
  'upload-errors',
  'file-button',
  'run-form',
  'progress',
  'runs-table',
  'run-actions',
  'compare-form',
  'compare-table',
  'offers-table',
  'enterprise-form',
].join(', ');
