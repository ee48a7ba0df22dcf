/**
 * The runs of a round: each with its mechanism, status and placed count; the run on show can
 * be published (after a confirmation) and its results saved as JSON or CSV; any two finished
 * runs can be compared side by side (`GET /runs/{a}/compare/{b}`).
 */
import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { RunComparison, RunInfo } from '../api/types.ts';
import { renderEmpty, renderError } from '../components/status-message.ts';
import { ViewElement } from '../components/view-element.ts';
import { define } from '../define.ts';
import { sharedStyles } from '../styles/shared-styles.ts';
import { saveDownload } from './save-download.ts';

export class RunsPanel extends ViewElement {
  static override styles = [
    sharedStyles,
    css`
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
        margin-bottom: var(--dm-gap);
      }
      tr.current {
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) runs: RunInfo[] = [];
  @property({ attribute: false }) publishedRun?: string | null;

  @state() private confirmingPublish = false;
  @state() private comparison?: RunComparison;

  private get finished(): RunInfo[] {
    return this.runs.filter((run) => run.status === 'done');
  }

  private async publish() {
    const runId = this.runId!;
    this.confirmingPublish = false;
    await this.attempt(() => this.api.post(`/runs/${encodeURIComponent(runId)}/publish`));
    if (!this.error) this.dispatchEvent(new CustomEvent('dm-round-change', { detail: this.roundId, bubbles: true }));
  }

  private async compare(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const [a, b] = [String(data.get('a')), String(data.get('b'))];
    this.comparison = await this.attempt(() => this.api.get<RunComparison>(`/runs/${encodeURIComponent(a)}/compare/${encodeURIComponent(b)}`));
  }

  override render() {
    const { i18n } = this;
    if (this.runs.length === 0) return renderEmpty(i18n, 'runs.none');
    return html`
      <div class="scroll-x">
        <table part="runs-table">
          <caption class="visually-hidden">${i18n.t('runs.title')}</caption>
          <thead>
            <tr>
              <th scope="col">${i18n.t('runs.run')}</th>
              <th scope="col">${i18n.t('run.mechanism')}</th>
              <th scope="col">${i18n.t('runs.status')}</th>
              <th scope="col" class="number">${i18n.t('summary.placed')}</th>
              <th scope="col">${i18n.t('runs.created')}</th>
            </tr>
          </thead>
          <tbody>
            ${this.runs.map(
              (run) => html`<tr class=${run.id === this.runId ? 'current' : ''}>
                <td>${run.id}${run.id === this.publishedRun ? html` <span class="muted">(${i18n.t('runs.published')})</span>` : nothing}</td>
                <td>${i18n.t(`mechanism.${run.mechanism}` as const)}</td>
                <td>${i18n.t(`runStatus.${run.status}` as const)}</td>
                <td class="number">${run.summary ? i18n.t('summary.ofTotal', { part: run.summary.placed, whole: run.summary.students }) : '–'}</td>
                <td>${run.createdAt ? i18n.date(run.createdAt) : '–'}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.runId ? this.renderActions(this.runId) : nothing}
      ${this.error ? renderError(i18n, this.error) : nothing}
      ${this.finished.length >= 2 ? this.renderCompare() : nothing}
    `;
  }

  private renderActions(runId: string) {
    const { i18n, api } = this;
    const published = runId === this.publishedRun;
    // Spreadsheets set to Russian or Kazakh read decimal commas, so their CSV columns need semicolons.
    const csvOptions = i18n.lang === 'en' ? '' : '?delimiter=semicolon';
    const path = `/runs/${encodeURIComponent(runId)}`;
    return html`<div class="actions" part="run-actions">
      ${published
        ? html`<span class="muted">${i18n.t('runs.isPublished', { run: runId })}</span>`
        : this.confirmingPublish
          ? html`<span role="alert">${i18n.t('runs.confirmPublish', { run: runId })}</span>
              <button type="button" class="primary" @click=${this.publish}>${i18n.t('runs.publish')}</button>
              <button type="button" @click=${() => (this.confirmingPublish = false)}>${i18n.t('action.cancel')}</button>`
          : html`<button type="button" ?disabled=${this.busy} @click=${() => (this.confirmingPublish = true)}>${i18n.t('runs.publish')}</button>`}
      <button type="button" @click=${() => this.attempt(() => saveDownload(api, `${path}/result.json`, `${runId}.json`))}>
        ${i18n.t('runs.downloadJson')}
      </button>
      <button type="button" @click=${() => this.attempt(() => saveDownload(api, `${path}/assignments.csv${csvOptions}`, `${runId}.csv`))}>
        ${i18n.t('runs.downloadCsv')}
      </button>
    </div>`;
  }

  private renderCompare() {
    const { i18n } = this;
    const finished = this.finished;
    const options = (selected: string) => finished.map((run) => html`<option value=${run.id} ?selected=${run.id === selected}>${run.id}</option>`);
    return html`<h3>${i18n.t('compare.title')}</h3>
      <form class="row" @submit=${this.compare} part="compare-form">
        <label>${i18n.t('compare.a')}<select name="a">${options(finished.at(-2)!.id)}</select></label>
        <label>${i18n.t('compare.b')}<select name="b">${options(finished.at(-1)!.id)}</select></label>
        <button type="submit" ?disabled=${this.busy}>${i18n.t('compare.submit')}</button>
      </form>
      ${this.comparison ? this.renderComparison(this.comparison) : nothing}`;
  }

  private renderComparison({ a, b, rankDistribution, totalKm, justifiedEnvy, changedOutcomes }: RunComparison) {
    const { i18n } = this;
    const figure = (value: number | null | undefined) => (value == null ? '–' : i18n.number(value));
    const line = (label: string, left: number | null | undefined, right: number | null | undefined): [string, string, string] => [label, figure(left), figure(right)];
    const lines: [string, string, string][] = [
      [i18n.t('run.mechanism'), i18n.t(`mechanism.${a.mechanism}` as const), i18n.t(`mechanism.${b.mechanism}` as const)],
      line(i18n.t('summary.placed'), a.summary?.placed, b.summary?.placed),
      line(i18n.t('summary.priorityPlaced'), a.summary?.priorityPlaced, b.summary?.priorityPlaced),
      // Index r of the distribution counts r-th choices; index 0 those placed off their list.
      ...[1, 2, 3].map((rank) => line(i18n.t('compare.gotChoice', { rank }), rankDistribution.a[rank], rankDistribution.b[rank])),
      line(i18n.t('results.offList'), rankDistribution.a[0], rankDistribution.b[0]),
      line(i18n.t('compare.totalKm'), totalKm.a, totalKm.b),
      line(i18n.t('compare.envy'), justifiedEnvy.a, justifiedEnvy.b),
    ];
    return html`<div class="scroll-x">
      <table part="compare-table">
        <thead>
          <tr>
            <td></td>
            <th scope="col" class="number">${a.id}</th>
            <th scope="col" class="number">${b.id}</th>
          </tr>
        </thead>
        <tbody>
          ${lines.map(([label, left, right]) => html`<tr><th scope="row">${label}</th><td class="number">${left}</td><td class="number">${right}</td></tr>`)}
        </tbody>
      </table>
    </div>
    <p>${i18n.t('compare.changed', { count: changedOutcomes })}</p>`;
  }
}

define('dual-match-runs', RunsPanel);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-runs': RunsPanel;
  }
}
