/**
 * One enterprise of the enterprise tab, and what holds for all its offers at once: the most
 * students it takes (`capacity`; empty = no limit beyond its offers' places) and its ranking
 * of students, best first, one student id a line. Saved with
 * `PATCH /rounds/{roundId}/enterprises/{enterpriseId}` while the round is open; the server's
 * objections are listed beside the field they concern.
 */
import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FieldError } from '../api/api-error.ts';
import type { EnterprisePatch, EnterpriseRow } from '../api/types.ts';
import { renderError } from '../components/status-message.ts';
import { ViewElement } from '../components/view-element.ts';
import { define } from '../define.ts';
import { sharedStyles } from '../styles/shared-styles.ts';

type Field = 'capacity' | 'ranking';

export class EnterpriseForm extends ViewElement {
  static override styles = [
    sharedStyles,
    css`
      form {
        margin-bottom: calc(2 * var(--dm-gap));
      }
      .field {
        margin-bottom: var(--dm-gap);
      }
      .field label {
        display: flex;
      }
      .field p {
        margin: 0.2em 0 0;
      }
      input[type='number'] {
        width: 8em;
      }
      textarea {
        width: min(100%, 32em);
        font-family: ui-monospace, monospace;
      }
      [readonly] {
        background: var(--dm-surface);
      }
      .field-errors {
        color: var(--dm-danger);
        margin: 0.2em 0 0;
        padding-inline-start: 1.2em;
      }
      .saved {
        color: var(--dm-success);
      }
    `,
  ];

  @property({ attribute: false }) enterprise!: EnterpriseRow;
  /** The places of the enterprise's offers: its limit when it gives no capacity. */
  @property({ attribute: false }) places = 0;
  /** The round takes edits (draft or solved). */
  @property({ attribute: false }) editable = false;

  /** What was sent last: the server names a ranking's student by position (`ranking[3]`). */
  @state() private sent?: EnterprisePatch;
  @state() private saved = false;

  private async save(event: SubmitEvent) {
    event.preventDefault();
    this.saved = false;
    const data = new FormData(event.target as HTMLFormElement);
    const capacity = String(data.get('capacity') ?? '').trim();
    const ranking = String(data.get('ranking') ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const patch: EnterprisePatch = { capacity: capacity === '' ? null : Number(capacity), ranking: ranking.length > 0 ? ranking : null };
    this.sent = patch;
    const path = `/rounds/${encodeURIComponent(this.roundId!)}/enterprises/${encodeURIComponent(this.enterprise.id)}`;
    const updated = await this.attempt(() => this.api.patch<EnterpriseRow>(path, patch));
    if (updated) {
      this.enterprise = updated;
      this.saved = true;
    }
  }

  private fieldErrors(field: Field): FieldError[] {
    return this.error?.fieldErrors.filter((error) => error.path === field || error.path.startsWith(`${field}[`)) ?? [];
  }

  /** The server's message is English; the two mistakes a typed ranking invites are told in the reader's language. */
  private describe(error: FieldError): string {
    const position = /^ranking\[(\d+)\]$/.exec(error.path);
    const student = position ? this.sent?.ranking?.[Number(position[1])] : undefined;
    if (student !== undefined && error.rule === 'reference') return this.i18n.t('enterprise.unknownStudent', { student });
    if (student !== undefined && error.rule === 'duplicate') return this.i18n.t('enterprise.rankedTwice', { student });
    return error.message;
  }

  override render() {
    const { i18n, enterprise } = this;
    const ranking = enterprise.ranking ?? [];
    const capacityErrors = this.fieldErrors('capacity');
    const rankingErrors = this.fieldErrors('ranking');
    // Read-only rather than disabled once the round is closed: still focusable and selectable,
    // so a long ranking can be read and copied.
    return html`<h3>${enterprise.name ?? enterprise.id}</h3>
      <p class="muted">
        ${i18n.region(enterprise.region)} ·
        ${enterprise.capacity !== undefined ? i18n.t('enterprise.capacity', { capacity: enterprise.capacity }) : i18n.t('enterprise.noCapacity')}
      </p>
      <form part="enterprise-form" @submit=${this.save}>
        ${this.error ? renderError(i18n, this.error) : nothing}
        <div class="field">
          <label>
            ${i18n.t('enterprise.capacityLabel')}
            <input
              name="capacity"
              type="number"
              min="0"
              step="1"
              .value=${enterprise.capacity?.toString() ?? ''}
              ?readonly=${!this.editable}
              aria-invalid=${capacityErrors.length > 0 ? 'true' : 'false'}
              aria-describedby=${describedBy('capacity', capacityErrors)}
            />
          </label>
          <p id="capacity-hint" class="muted">${i18n.t('enterprise.capacityHint', { places: this.places })}</p>
          ${this.renderFieldErrors('capacity', capacityErrors)}
        </div>
        <div class="field">
          <label>
            ${i18n.t('enterprise.rankingLabel')}
            <textarea
              name="ranking"
              rows="6"
              spellcheck="false"
              .value=${ranking.join('\n')}
              ?readonly=${!this.editable}
              aria-invalid=${rankingErrors.length > 0 ? 'true' : 'false'}
              aria-describedby=${describedBy('ranking', rankingErrors)}
            ></textarea>
          </label>
          <p id="ranking-hint" class="muted">${ranking.length > 0 ? i18n.t('enterprise.ranking', { count: ranking.length }) : i18n.t('enterprise.noRanking')}</p>
          ${this.renderFieldErrors('ranking', rankingErrors)}
        </div>
        <div class="row">
          <button type="submit" class="primary" ?disabled=${!this.editable || this.busy}>${i18n.t('enterprise.save')}</button>
          ${this.saved ? html`<span class="saved" role="status">${i18n.t('enterprise.saved')}</span>` : nothing}
        </div>
      </form>`;
  }

  private renderFieldErrors(field: Field, errors: FieldError[]) {
    if (errors.length === 0) return nothing;
    return html`<ul id="${field}-errors" class="field-errors">
      ${errors.map((error) => html`<li>${this.describe(error)}</li>`)}
    </ul>`;
  }
}

/** A field is described by its hint, and by the server's objections to it when there are any. */
function describedBy(field: Field, errors: FieldError[]): string {
  return errors.length > 0 ? `${field}-hint ${field}-errors` : `${field}-hint`;
}

define('dual-match-enterprise-form', EnterpriseForm);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-enterprise-form': EnterpriseForm;
  }
}
