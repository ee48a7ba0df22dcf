/**
 * Registers a custom element unless the name is taken. A page that loads widget.js twice
 * (two URLs, two versions) keeps the first registration instead of throwing.
 */
export function define(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}
