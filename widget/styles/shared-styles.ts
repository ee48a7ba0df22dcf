/**
 * Look of the controls every view uses: buttons, fields, tables, visible focus, and the
 * loading/empty/error lines of components/status-message.ts.
 * Form controls do not inherit the page's font by default; here they do.
 */
import { css } from 'lit';

export const sharedStyles = css`
  :host {
    display: block;
    color: var(--dm-fg);
  }
  [hidden] {
    display: none !important;
  }
  h2,
  h3 {
    font-size: 1.05em;
    margin: 0 0 var(--dm-gap);
  }
  p {
    margin: 0 0 var(--dm-gap);
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button,
  .button {
    cursor: pointer;
    border: 1px solid var(--dm-border);
    border-radius: var(--dm-radius);
    background: var(--dm-surface);
    padding: 0.35em 0.8em;
    min-height: 2.25em;
  }
  .button {
    display: inline-flex;
    align-items: center;
    box-sizing: border-box;
  }
  button.primary {
    background: var(--dm-accent);
    border-color: var(--dm-accent);
    color: var(--dm-on-accent);
  }
  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    min-height: 0;
    color: var(--dm-accent);
    text-decoration: underline;
    text-align: start;
  }
  input,
  select,
  textarea {
    border: 1px solid var(--dm-border);
    border-radius: var(--dm-radius);
    background: var(--dm-bg);
    padding: 0.3em 0.5em;
    min-height: 2.25em;
    box-sizing: border-box;
    max-width: 100%;
  }
  :focus-visible {
    outline: 3px solid var(--dm-focus);
    outline-offset: 2px;
  }
  label {
    display: inline-flex;
    flex-direction: column;
    gap: 0.2em;
    font-size: 0.9em;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--dm-gap);
    align-items: flex-end;
    margin-bottom: var(--dm-gap);
  }
  .muted {
    color: var(--dm-muted);
  }
  fieldset.choices {
    border: none;
    padding: 0;
    margin: 0 0 var(--dm-gap);
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em 1em;
  }
  fieldset.choices legend {
    font-weight: 600;
    margin-bottom: 0.3em;
  }
  fieldset.choices label {
    flex-direction: row;
    align-items: center;
    gap: 0.4em;
    font-size: 1em;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.35em 0.6em;
    border-bottom: 1px solid var(--dm-border);
  }
  th {
    font-weight: 600;
  }
  td.number,
  th.number {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .scroll-x {
    overflow-x: auto;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.6em;
    padding: 0.75em;
    margin: 0 0 var(--dm-gap);
    border-radius: var(--dm-radius);
    background: var(--dm-surface);
  }
  .status.error {
    border-inline-start: 4px solid var(--dm-danger);
  }
  .spinner {
    width: 1em;
    height: 1em;
    border-radius: 50%;
    border: 2px solid var(--dm-border);
    border-top-color: var(--dm-accent);
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`;
