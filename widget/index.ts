/**
 * widget.js: the one ES module an embedding page loads. Importing it registers <dual-match>
 * and its inner elements (each only if the name is still free, so loading it twice is
 * harmless). See docs/widget.md.
 */
export { DualMatchElement } from './dual-match-element.ts';
export type { DualMatchEvents, ErrorDetail, SelectDetail, SolvedDetail } from './events.ts';
