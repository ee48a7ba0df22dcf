/**
 * Sets CSS properties on an element through the CSSOM (`style.setProperty`), which a strict
 * Content-Security-Policy allows. Lit's own styleMap writes a `style` attribute on first
 * render, which `style-src` without 'unsafe-inline' blocks.
 *
 *   html`<td ${styleProperties({ height: '360px' })}></td>`
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

class StyleProperties extends Directive {
  private previous = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('styleProperties() goes on an element: <td ${styleProperties(...)}>');
  }

  render(_properties: Record<string, string>) {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [Record<string, string>]) {
    const { style } = part.element as HTMLElement;
    for (const name of this.previous) if (!(name in properties)) style.removeProperty(name);
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    this.previous = new Set(Object.keys(properties));
    return noChange;
  }
}

export const styleProperties = directive(StyleProperties);
