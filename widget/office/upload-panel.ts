/**
 * Importing a round: a whole round file (JSON, `POST /rounds`) or the students or offers of
 * the current round as CSV (`POST /rounds/{roundId}/students.csv` or `offers.csv`). Imports
 * are all or nothing on the server; when it refuses, every row/column or path it names is
 * listed here. A successful import announces the round with `dm-round-change`, shows its
 * warnings, and offers the personal codes the server generated (shown this once) as a CSV.
 */
import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { ApiError } from '../api/api-error.ts';
import type { CsvImported, ImportedRound, ImportReport } from '../api/types.ts';
import { renderError, renderLoading } from '../components/status-message.ts';
import { ViewElement } from '../components/view-element.ts';
import { define } from '../define.ts';
import { sharedStyles } from '../styles/shared-styles.ts';
import { saveBlob, saveDownload } from './save-download.ts';

type UploadKind = 'round' | 'students' | 'offers';

// The server caps how many errors it lists; so does the panel, to stay readable.
const SHOWN_ERRORS = 200;

export class UploadPanel extends ViewElement {
  static override styles = [
    sharedStyles,
    css`
      .errors {
        max-height: 16em;
        overflow: auto;
        border: 1px solid var(--dm-danger);
        border-radius: var(--dm-radius);
      }
      .errors td:first-child {
        font-family: ui-monospace, monospace;
        white-space: nowrap;
      }
      .ok {
        border-inline-start: 4px solid var(--dm-success);
      }
      .file {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5em;
      }
      .file label {
        font-size: 1em;
      }
      input:focus-visible + .button {
        outline: 3px solid var(--dm-focus);
        outline-offset: 2px;
      }
    `,
  ];

  @state() private kind: UploadKind = 'round';
  @state() private imported?: { message: string; report: ImportReport };
  @state() private fileName?: string;

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const file = new FormData(event.target as HTMLFormElement).get('file');
    if (!(file instanceof File) || file.size === 0) return;
    this.imported = undefined;
    const done = await this.attempt(() => (this.kind === 'round' ? this.importRound(file) : this.importCsv(file)));
    if (!done) return;
    const message = this.kind === 'round' ? this.i18n.t('upload.roundDone', { round: done.roundId }) : this.i18n.t('upload.csvDone', { file: file.name });
    this.imported = { message, report: done.report };
    this.dispatchEvent(new CustomEvent('dm-round-change', { detail: done.roundId, bubbles: true }));
  }

  private async importRound(file: File): Promise<{ roundId: string; report: ImportReport }> {
    const round = await this.api.postText<ImportedRound>('/rounds', await file.text(), 'application/json');
    return { roundId: round.id, report: round };
  }

  private async importCsv(file: File): Promise<{ roundId: string; report: ImportReport }> {
    const path = `/rounds/${encodeURIComponent(this.roundId!)}/${this.kind}.csv`;
    const imported = await this.api.postText<CsvImported>(path, await file.text(), 'text/csv');
    return { roundId: imported.round.id, report: imported };
  }

  private saveCodes(report: ImportReport) {
    const lines = ['student,code', ...report.codes.map(({ student, code }) => `${student},${code}`)];
    // With a BOM, as the server's CSV exports, so spreadsheet programs read it as UTF-8.
    saveBlob(new Blob(['\uFEFF' + lines.join('\r\n') + '\r\n'], { type: 'text/csv' }), 'personal-codes.csv');
  }

  override render() {
    const { i18n } = this;
    const kinds: UploadKind[] = this.roundId ? ['round', 'students', 'offers'] : ['round'];
    return html`
      <form @submit=${this.onSubmit} part="upload-form">
        <div class="row">
          <label>
            ${i18n.t('upload.kind')}
            <select @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as UploadKind)}>
              ${kinds.map((kind) => html`<option value=${kind} ?selected=${kind === this.kind}>${i18n.t(`upload.${kind}` as const)}</option>`)}
            </select>
          </label>
          <div class="file">
            <!-- The browser words its own file button in its UI language; this label speaks the widget's. -->
            <input
              id="file"
              class="visually-hidden"
              type="file"
              name="file"
              required
              accept=${this.kind === 'round' ? '.json,application/json' : '.csv,text/csv'}
              @change=${(e: Event) => (this.fileName = (e.target as HTMLInputElement).files?.[0]?.name)}
            />
            <label for="file" class="button" part="file-button">${i18n.t('upload.choose')}</label>
            <span class="muted">${this.fileName ?? i18n.t('upload.noFile')}</span>
          </div>
          <button type="submit" class="primary" ?disabled=${this.busy}>${i18n.t('upload.submit')}</button>
        </div>
        ${this.kind === 'round'
          ? nothing
          : html`<p class="muted">
              ${i18n.t('upload.template')}
              <button type="button" class="link" @click=${() => this.attempt(() => saveDownload(this.api, `/templates/${this.kind}.csv`, `${this.kind}.csv`))}>
                ${this.kind}.csv
              </button>
            </p>`}
      </form>
      ${this.busy ? renderLoading(i18n) : nothing}
      ${this.imported ? this.renderImported(this.imported.message, this.imported.report) : nothing}
      ${this.error ? this.renderFailure(this.error) : nothing}
    `;
  }

  private renderImported(message: string, report: ImportReport) {
    const { i18n } = this;
    return html`<div class="status ok" role="status">
      <span>${message}</span>
      ${report.warningCount > 0 ? html`<span>${i18n.t('upload.warnings', { count: report.warningCount })}</span>` : nothing}
    </div>
    ${report.warnings.length > 0
      ? html`<details>
          <summary>${i18n.t('upload.showWarnings')}</summary>
          <ul>${report.warnings.map((warning) => html`<li><code>${warning.path}</code>: ${warning.message}</li>`)}</ul>
        </details>`
      : nothing}
    ${report.codes.length > 0
      ? html`<div class="status" role="alert">
          <span>${i18n.t('upload.codes', { count: report.codes.length })}</span>
          <button type="button" class="primary" @click=${() => this.saveCodes(report)}>${i18n.t('upload.saveCodes')}</button>
        </div>`
      : nothing}`;
  }

  private renderFailure(error: ApiError) {
    const { i18n } = this;
    if (error.fieldErrors.length === 0) return renderError(i18n, error);
    const shown = error.fieldErrors.slice(0, SHOWN_ERRORS);
    return html`<div role="alert">
      <p class="status error">${i18n.t('upload.refused', { count: error.fieldErrors.length })}</p>
      <div class="errors" tabindex="0" part="upload-errors">
        <table>
          <thead>
            <tr>
              <th scope="col">${i18n.t('upload.where')}</th>
              <th scope="col">${i18n.t('upload.problem')}</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map((item) => html`<tr><td>${item.path}</td><td>${item.message}</td></tr>`)}
          </tbody>
        </table>
      </div>
    </div>`;
  }
}

define('dual-match-upload', UploadPanel);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-upload': UploadPanel;
  }
}
