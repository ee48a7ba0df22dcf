/**
 * Reaching into the widget's shadow roots from a test, and waiting for it to settle.
 */
import '../../../widget/index.ts';
import type { DualMatchElement } from '../../../widget/dual-match-element.ts';

/** Follows `selectors` one shadow root at a time: `find(widget, 'dual-match-summary', 'dl')`. */
export function find<E extends Element = HTMLElement>(from: Element, ...selectors: string[]): E | null {
  let current: Element | null = from;
  for (const selector of selectors) {
    const root: ParentNode | null | undefined = current?.shadowRoot ?? current;
    current = root?.querySelector(selector) ?? null;
    if (!current) return null;
  }
  return current as E | null;
}

export function findAll<E extends Element = HTMLElement>(from: Element, ...selectors: string[]): E[] {
  const last = selectors.pop()!;
  const parent = selectors.length > 0 ? find(from, ...selectors) : from;
  const root = parent?.shadowRoot ?? parent;
  return root ? [...root.querySelectorAll<E>(last)] : [];
}

/** All text the user sees, through every shadow root (not <style> or <script>). */
export function visibleText(node: Node): string {
  if (node instanceof HTMLStyleElement || node instanceof HTMLScriptElement) return '';
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  let text = '';
  if (node instanceof Element && node.shadowRoot) text += visibleText(node.shadowRoot);
  for (const child of node.childNodes) text += visibleText(child);
  if (node instanceof HTMLElement && ['DIV', 'P', 'LI', 'TD', 'TH', 'BUTTON', 'OPTION', 'LABEL', 'DT', 'DD', 'H2', 'H3', 'H4', 'SPAN'].includes(node.tagName)) text += ' ';
  return text;
}

/** Polls `probe` until it gives a truthy value (the widget loads and renders asynchronously). */
export async function until<T>(probe: () => T | null | undefined | false, timeout = 5000): Promise<T> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${probe.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function mount(attributes: Record<string, string>, properties: Partial<DualMatchElement> = {}): DualMatchElement {
  const widget = document.createElement('dual-match');
  for (const [name, value] of Object.entries(attributes)) widget.setAttribute(name, value);
  Object.assign(widget, properties);
  document.body.append(widget);
  return widget;
}
