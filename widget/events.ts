/**
 * The widget's public events. All bubble out of the shadow root (`composed`), so the page
 * listens on the <dual-match> element or anywhere above it (docs/widget.md).
 */
import type { ApiErrorKind } from './api/api-error.ts';
import type { ResultRow, Summary } from './api/types.ts';

export interface SolvedDetail {
  round: string;
  run: string;
  summary?: Summary;
}

/** A shortage-map cell (filters the results) or a result row. */
export type SelectDetail = { kind: 'cell'; specialty: string; region: string } | { kind: 'row'; row: ResultRow };

export interface ErrorDetail {
  kind: ApiErrorKind;
  status: number;
  message: string;
}

export interface DualMatchEvents {
  'dual-match-solved': SolvedDetail;
  'dual-match-select': SelectDetail;
  'dual-match-error': ErrorDetail;
}

export function emit<K extends keyof DualMatchEvents>(from: EventTarget, name: K, detail: DualMatchEvents[K]): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

type DualMatchEventMap = { [K in keyof DualMatchEvents]: CustomEvent<DualMatchEvents[K]> };

declare global {
  // The events reach the element and, bubbling, the document.
  interface HTMLElementEventMap extends DualMatchEventMap {}
  interface DocumentEventMap extends DualMatchEventMap {}
}
