/**
 * The tabs of the widget, after the WAI-ARIA tabs pattern: one tab in the Tab order (roving
 * tabindex), arrow keys and Home/End move between tabs and select them. Rendered into the
 * root's shadow tree, so `aria-controls` and `aria-labelledby` can point across.
 */
import { html, type TemplateResult } from 'lit';

export interface Tab {
  id: string;
  label: string;
}

export const tabId = (id: string) => `tab-${id}`;
export const PANEL_ID = 'panel';

export function renderTabList(tabs: Tab[], selected: string, select: (id: string) => void, label: string): TemplateResult {
  const onKeydown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length];
    select(target.id);
    const list = event.currentTarget as HTMLElement;
    // Focus follows once the new tab has tabindex 0 (after the host re-renders).
    requestAnimationFrame(() => list.querySelector<HTMLElement>(`#${tabId(target.id)}`)?.focus());
  };
  return html`<div role="tablist" aria-label=${label} part="tabs" @keydown=${onKeydown}>
    ${tabs.map(
      (tab) => html`<button
        type="button"
        role="tab"
        part=${tab.id === selected ? 'tab tab-selected' : 'tab'}
        id=${tabId(tab.id)}
        aria-selected=${tab.id === selected ? 'true' : 'false'}
        aria-controls=${PANEL_ID}
        tabindex=${tab.id === selected ? 0 : -1}
        @click=${() => select(tab.id)}
      >
        ${tab.label}
      </button>`,
    )}
  </div>`;
}
