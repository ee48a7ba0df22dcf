/**
 * The office tab: import a round (or its CSVs), run it, and manage its runs (compare,
 * publish, download). Holds the round's info (`GET /rounds/{roundId}`), which the panels
 * share, and loads it again whenever the <dual-match> element's `revision` moves on.
 */
import { css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { RoundInfo } from '../api/types.ts';
import { ApiTask } from '../components/api-task.ts';
import { VIEW_PARTS } from '../components/parts.ts';
import { renderTask } from '../components/status-message.ts';
import { ViewElement } from '../components/view-element.ts';
import { define } from '../define.ts';
import '../office/run-panel.ts';
import '../office/runs-panel.ts';
import '../office/upload-panel.ts';
import { sharedStyles } from '../styles/shared-styles.ts';

export class OfficeView extends ViewElement {
  static override styles = [
    sharedStyles,
    css`
      section + section {
        margin-top: calc(2 * var(--dm-gap));
        padding-top: var(--dm-gap);
        border-top: 1px solid var(--dm-border);
      }
    `,
  ];

  /** Moves on whenever the round changed here (import, run, publish). */
  @property({ attribute: false }) revision = 0;

  private readonly round = new ApiTask(
    this,
    ([api, roundId], signal) => api.get<RoundInfo>(`/rounds/${encodeURIComponent(roundId)}`, undefined, signal),
    () => (this.roundId ? ([this.api, this.roundId, this.runId, this.revision] as const) : undefined),
  );

  /** The panels' round changes stop at this shadow root; pass them on to <dual-match>. */
  private forwardRoundChange(event: CustomEvent<string>) {
    event.stopPropagation();
    this.dispatchEvent(new CustomEvent('dm-round-change', { detail: event.detail, bubbles: true }));
  }

  override render() {
    const { api, i18n, roundId, runId } = this;
    return html`<div @dm-round-change=${this.forwardRoundChange}>
      <section>
        <h3>${i18n.t('office.import')}</h3>
        <dual-match-upload exportparts=${VIEW_PARTS} .api=${api} .i18n=${i18n} .roundId=${roundId}></dual-match-upload>
      </section>
      ${roundId
        ? renderTask(i18n, this.round, (round) => html`
            <section>
              <h3>${i18n.t('office.run')}</h3>
              <p class="muted">
                ${i18n.t('office.roundStatus', { round: round.id, status: i18n.t(`roundStatus.${round.status}` as const) })}
                ${round.counts?.students !== undefined ? i18n.t('office.counts', { students: round.counts.students, offers: round.counts.offers ?? 0 }) : nothing}
              </p>
              <dual-match-run exportparts=${VIEW_PARTS} .api=${api} .i18n=${i18n} .roundId=${roundId} .defaults=${round}></dual-match-run>
            </section>
            <section>
              <h3>${i18n.t('runs.title')}</h3>
              <dual-match-runs
                exportparts=${VIEW_PARTS}
                .api=${api}
                .i18n=${i18n}
                .roundId=${roundId}
                .runId=${runId}
                .runs=${round.runs ?? []}
                .publishedRun=${round.publishedRun}
              ></dual-match-runs>
            </section>
          `)
        : nothing}
    </div>`;
  }
}

define('dual-match-office', OfficeView);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-office': OfficeView;
  }
}
