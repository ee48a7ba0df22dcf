/**
 * A row of radio buttons in a fieldset with a legend: one choice among a few (what the chart
 * groups by, which figure the heat-map shows). Styled by sharedStyles (`fieldset.choices`).
 */
import { html, type TemplateResult } from 'lit';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export function renderRadioGroup<T extends string>(
  legend: { text: string; hidden?: boolean },
  name: string,
  choices: Choice<T>[],
  selected: T,
  select: (value: T) => void,
): TemplateResult {
  return html`<fieldset class="choices">
    <legend class=${legend.hidden ? 'visually-hidden' : ''}>${legend.text}</legend>
    ${choices.map(
      (choice) => html`<label>
        <input type="radio" name=${name} .checked=${choice.value === selected} @change=${() => select(choice.value)} />
        ${choice.label}
      </label>`,
    )}
  </fieldset>`;
}
