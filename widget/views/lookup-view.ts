/**
 * "My result": a student enters their id and personal code and sees their own outcome and
 * why. The server sends the explanation as structured items (`{ code, ...facts }`), so it
 * reads the same in every language; an item whose code this widget does not know is left out
 * rather than shown untranslated.
 */
import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { lookupBody } from '../api/lookup-secret.ts';
import type { Explanation, LookupKey, StudentOutcome } from '../api/types.ts';
import { renderError, renderLoading } from '../components/status-message.ts';
import { ViewElement } from '../components/view-element.ts';
import { define } from '../define.ts';
import type { Params } from '../i18n/translator.ts';
import { sharedStyles } from '../styles/shared-styles.ts';

export class LookupView extends ViewElement {
  static override styles = [
    sharedStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: var(--dm-gap);
        align-items: flex-end;
        margin-bottom: var(--dm-gap);
      }
      form label {
        flex: 1 1 10em;
      }
      .outcome {
        border: 1px solid var(--dm-border);
        border-inline-start: 6px solid var(--dm-success);
        border-radius: var(--dm-radius);
        padding: var(--dm-gap);
      }
      .outcome.unplaced {
        border-inline-start-color: var(--dm-danger);
      }
      .outcome h3 {
        font-size: 1.2em;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.3em 1em;
        margin: 0 0 var(--dm-gap);
      }
      dt {
        color: var(--dm-muted);
      }
      dd {
        margin: 0;
      }
      ul {
        margin: 0;
        padding-inline-start: 1.2em;
      }
    `,
  ];

  @state() private outcome?: StudentOutcome;

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const student = String(data.get('student') ?? '').trim();
    const code = String(data.get('code') ?? '').trim();
    if (!student || !code || !this.runId) return;
    this.outcome = undefined;
    const run = `/runs/${encodeURIComponent(this.runId)}`;
    this.outcome = await this.attempt(async () => {
      const { derivation } = await this.api.get<LookupKey>(`${run}/lookup-key`);
      return this.api.post<StudentOutcome>(`${run}/lookup`, await lookupBody(derivation, student, code));
    });
  }

  override render() {
    const { i18n } = this;
    return html`
      <p>${i18n.t('lookup.intro')}</p>
      <form @submit=${this.onSubmit} part="lookup-form">
        <label>
          ${i18n.t('lookup.student')}
          <input name="student" required autocomplete="off" spellcheck="false" />
        </label>
        <label>
          ${i18n.t('lookup.code')}
          <input name="code" type="password" required autocomplete="off" />
        </label>
        <button type="submit" class="primary" ?disabled=${this.busy}>${i18n.t('lookup.submit')}</button>
      </form>
      ${this.busy ? renderLoading(i18n) : nothing} ${this.renderError()} ${this.outcome ? this.renderOutcome(this.outcome) : nothing}
    `;
  }

  private renderError() {
    const { error, i18n } = this;
    if (!error) return nothing;
    // A wrong id or code must not tell which of the two was wrong.
    if (error.kind === 'not-found' || error.kind === 'unauthorized' || error.kind === 'forbidden' || error.status === 422) {
      return html`<div class="status error" role="alert">${i18n.t('lookup.notFound')}</div>`;
    }
    return renderError(i18n, error);
  }

  private renderOutcome(outcome: StudentOutcome) {
    const { i18n } = this;
    const placed = outcome.status === 'placed';
    const facts: [string, unknown][] = placed
      ? [
          [i18n.t('results.enterprise'), outcome.enterpriseName ?? outcome.enterprise],
          [i18n.t('lookup.offer'), outcome.offer],
          [i18n.t('results.rank'), outcome.rank != null ? i18n.t('lookup.choice', { rank: outcome.rank }) : i18n.t('results.offList')],
          [i18n.t('lookup.distance'), outcome.km != null ? i18n.t('lookup.km', { km: outcome.km }) : '–'],
        ]
      : [[i18n.t('results.status'), outcome.reason ? i18n.t(`reason.${outcome.reason}` as const) : i18n.t('status.unplaced')]];
    const reasons = (outcome.explanation ?? []).map((item) => this.explain(item)).filter((text) => text !== undefined);
    return html`<section class="outcome ${placed ? 'placed' : 'unplaced'}" part="outcome" role="status">
      <h3>${i18n.t(placed ? 'lookup.placed' : 'lookup.unplaced')}</h3>
      <dl>
        <dt>${i18n.t('results.student')}</dt>
        <dd>${outcome.student}</dd>
        <dt>${i18n.t('results.specialty')}</dt>
        <dd>${i18n.specialty(outcome.specialty)}</dd>
        ${facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}
      </dl>
      ${reasons.length > 0
        ? html`<h4>${i18n.t('lookup.why')}</h4>
            <ul>${reasons.map((text) => html`<li>${text}</li>`)}</ul>`
        : nothing}
    </section>`;
  }

  /** One explanation item in the reader's language; undefined for a code the widget does not know. */
  private explain(item: Explanation): string | undefined {
    const key = `explain.${item.code}`;
    if (!this.i18n.has(key)) return undefined;
    const params: Params = {};
    for (const [name, value] of Object.entries(item)) {
      if (typeof value === 'number' || typeof value === 'string') params[name] = value;
    }
    if (typeof item.specialty === 'string') params.specialty = this.i18n.specialty(item.specialty);
    if (typeof item.region === 'string') params.region = this.i18n.region(item.region);
    return this.i18n.t(key, params);
  }
}

define('dual-match-lookup', LookupView);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-lookup': LookupView;
  }
}
