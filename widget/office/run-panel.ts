/**
 * Running a round: the mechanism and the policy knobs (docs/policy.md; blank = the server's
 * default), then `POST /rounds/{roundId}/runs` and a live progress bar until the run is done.
 * Progress is announced politely: at each new phase and every quarter, not every tick.
 * The finished run goes out as `dual-match-solved`.
 */
import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Mechanism, Policy, RunProgress } from '../api/types.ts';
import { watchRun } from '../api/watch-run.ts';
import { renderError } from '../components/status-message.ts';
import { ViewElement } from '../components/view-element.ts';
import { define } from '../define.ts';
import { emit } from '../events.ts';
import type { MessageKey } from '../i18n/translator.ts';
import { sharedStyles } from '../styles/shared-styles.ts';

const PHASES: Record<string, MessageKey> = {
  queued: 'phase.queued',
  validate: 'phase.validate',
  compatibility: 'phase.compatibility',
  network: 'phase.network',
  solve: 'phase.solve',
  stable: 'phase.stable',
  analysis: 'phase.analysis',
};

/** The numeric knobs a form field each; the rest of the policy comes from the round. */
const WEIGHTS = ['rankWeight', 'offListCost', 'kmWeight', 'meritWeight'] as const;

export class RunPanel extends ViewElement {
  static override styles = [
    sharedStyles,
    css`
      progress {
        width: 100%;
        height: 1em;
        accent-color: var(--dm-accent);
      }
      details {
        margin-bottom: var(--dm-gap);
      }
      summary {
        cursor: pointer;
        margin-bottom: 0.5em;
      }
      .check {
        flex-direction: row;
        align-items: center;
        gap: 0.4em;
      }
      input[type='number'] {
        width: 8em;
      }
    `,
  ];

  /** The round's own mechanism and policy, the form's starting values. */
  @property({ attribute: false }) defaults: { mechanism?: Mechanism; policy?: Policy } = {};

  @state() private progress?: RunProgress;
  /** What the live region says; changes only at milestones. */
  @state() private announcement = '';
  private controller?: AbortController;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const { mechanism, policy } = this.readForm(new FormData(event.target as HTMLFormElement));
    const roundId = this.roundId!;
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.progress = { phase: 'queued', percent: 0 };
    this.announce(this.progress);
    const solved = await this.attempt(async () => {
      const { runId } = await this.api.post<{ runId: string }>(`/rounds/${encodeURIComponent(roundId)}/runs`, { mechanism, policy });
      const run = await watchRun(this.api, runId, (progress) => this.onProgress(progress), controller.signal);
      return { runId, summary: run.summary ?? undefined };
    });
    this.progress = undefined;
    if (!solved) {
      this.announcement = '';
      return;
    }
    const { runId, summary } = solved;
    this.announcement = summary ? this.i18n.t('run.done', { placed: summary.placed, students: summary.students }) : '';
    emit(this, 'dual-match-solved', { round: roundId, run: runId, summary });
  }

  private readForm(data: FormData): { mechanism: Mechanism; policy: Policy } {
    const policy: Policy = { ...this.defaults.policy, preferredOnly: data.get('preferredOnly') === 'on' };
    const number = (name: string) => {
      const text = String(data.get(name) ?? '').trim();
      return text === '' ? undefined : Number(text);
    };
    const seed = number('seed');
    if (seed !== undefined) policy.seed = seed;
    for (const weight of WEIGHTS) {
      const value = number(weight);
      if (value !== undefined) policy[weight] = value;
    }
    return { mechanism: data.get('mechanism') as Mechanism, policy };
  }

  private onProgress(progress: RunProgress) {
    const previous = this.progress;
    this.progress = progress;
    if (!previous || previous.phase !== progress.phase || Math.floor(progress.percent / 25) > Math.floor(previous.percent / 25)) {
      this.announce(progress);
    }
  }

  private announce(progress: RunProgress) {
    this.announcement = this.i18n.t('run.progress', { phase: this.phaseName(progress.phase), percent: Math.round(progress.percent) });
  }

  private phaseName(phase: string): string {
    return this.i18n.t(PHASES[phase] ?? 'phase.working');
  }

  override render() {
    const { i18n } = this;
    const mechanism = this.defaults.mechanism ?? 'optimal';
    const policy = this.defaults.policy ?? {};
    return html`
      <form @submit=${this.onSubmit} part="run-form">
        <div class="row">
          <label>
            ${i18n.t('run.mechanism')}
            <select name="mechanism">
              <option value="optimal" ?selected=${mechanism === 'optimal'}>${i18n.t('mechanism.optimal')}</option>
              <option value="stable" ?selected=${mechanism === 'stable'}>${i18n.t('mechanism.stable')}</option>
            </select>
          </label>
          <label>
            ${i18n.t('run.seed')}
            <input type="number" name="seed" step="1" .value=${policy.seed?.toString() ?? ''} />
          </label>
          <label class="check">
            <input type="checkbox" name="preferredOnly" ?checked=${policy.preferredOnly === true} />
            ${i18n.t('run.preferredOnly')}
          </label>
        </div>
        <details>
          <summary>${i18n.t('run.weights')}</summary>
          <div class="row">
            ${WEIGHTS.map(
              (weight) => html`<label>
                ${i18n.t(`policy.${weight}`)}
                <input type="number" name=${weight} min="0" step="any" .value=${policy[weight]?.toString() ?? ''} placeholder=${i18n.t('run.default')} />
              </label>`,
            )}
          </div>
        </details>
        <button type="submit" class="primary" ?disabled=${this.busy || !this.roundId}>${i18n.t('run.start')}</button>
      </form>
      <div part="progress">
        ${this.progress
          ? html`<p>
              <label>
                ${this.phaseName(this.progress.phase)}
                <progress max="100" .value=${this.progress.percent}>${Math.round(this.progress.percent)}%</progress>
              </label>
            </p>`
          : nothing}
        <p role="status" aria-live="polite">${this.announcement}</p>
      </div>
      ${this.error ? renderError(i18n, this.error) : nothing}
    `;
  }
}

define('dual-match-run', RunPanel);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-run': RunPanel;
  }
}
