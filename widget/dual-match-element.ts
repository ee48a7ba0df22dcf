/**
 * <dual-match>: the element an embedding page places (docs/widget.md). It owns what all tabs
 * share: the API client (from `server` and the key or token), the language, which round and
 * run are shown, and the run's summary that the summary, shortage and results tabs all read.
 * Each tab is its own element under views/.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiClient } from './api/api-client.ts';
import type { Page, ReferenceName, RoundInfo, RunSummary } from './api/types.ts';
import { ApiTask } from './components/api-task.ts';
import { VIEW_PARTS } from './components/parts.ts';
import { renderEmpty, renderTask } from './components/status-message.ts';
import { PANEL_ID, renderTabList, tabId } from './components/tab-list.ts';
import { define } from './define.ts';
import type { SelectDetail, SolvedDetail } from './events.ts';
import { EMPTY_NAMES, isLang, LANGS, Translator, type Lang, type MessageKey, type NameBook } from './i18n/translator.ts';
import { sharedStyles } from './styles/shared-styles.ts';
import { themeStyles } from './styles/theme.ts';
import type { ResultsFilter } from './results/results-filter.ts';
import './views/enterprise-view.ts';
import './views/lookup-view.ts';
import './views/office-view.ts';
import './views/results-view.ts';
import './views/shortage-view.ts';
import './views/summary-view.ts';

export type Mode = 'public' | 'office' | 'enterprise';
export type ViewName = 'office' | 'offers' | 'summary' | 'shortage' | 'results' | 'lookup';

const VIEWS: Record<Mode, ViewName[]> = {
  public: ['summary', 'shortage', 'results', 'lookup'],
  office: ['office', 'summary', 'shortage', 'results', 'lookup'],
  enterprise: ['offers', 'summary', 'shortage', 'results'],
};

const TAB_LABELS: Record<ViewName, MessageKey> = {
  office: 'tab.office',
  offers: 'tab.offers',
  summary: 'tab.summary',
  shortage: 'tab.shortage',
  results: 'tab.results',
  lookup: 'tab.lookup',
};

// Each language names itself, whatever the current language.
const LANGUAGE_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/** The server that served widget.js, when the page does not say otherwise. */
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

function byCode(items: ReferenceName[]): Map<string, ReferenceName> {
  return new Map(items.map((item) => [item.code, item]));
}

export class DualMatchElement extends LitElement {
  static override styles = [
    themeStyles,
    sharedStyles,
    css`
      :host {
        background: var(--dm-bg);
        container-type: inline-size;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5em var(--dm-gap);
        margin-bottom: var(--dm-gap);
      }
      header h2 {
        margin: 0;
      }
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em;
        border-bottom: 1px solid var(--dm-border);
        margin-bottom: var(--dm-gap);
      }
      [role='tab'] {
        border: none;
        border-bottom: 3px solid transparent;
        border-radius: 0;
        background: none;
        padding: 0.4em 0.7em;
      }
      [role='tab'][aria-selected='true'] {
        border-bottom-color: var(--dm-accent);
        color: var(--dm-accent);
        font-weight: 600;
      }
      @container (max-width: 420px) {
        [role='tab'] {
          padding: 0.35em 0.45em;
        }
      }
    `,
  ];

  /** Base URL of the dual-match server; defaults to the origin widget.js came from. */
  @property() server = SCRIPT_ORIGIN;
  /** The round whose published (public) or latest (office) run is shown. */
  @property() round?: string;
  /** A run to show instead of the round's. */
  @property() run?: string;
  /** `kk`, `ru` or `en`; defaults to the page's language when it is one of them, else `kk`. */
  @property({ reflect: true }) override lang!: string;
  @property() mode: Mode = 'public';
  /** The tab shown first. */
  @property() view?: ViewName;
  /** `light`, `dark`, or absent to follow the reader's preference. */
  @property({ reflect: true }) theme?: 'light' | 'dark';
  /** An office's or enterprise's API key, for staff pages (sent as a bearer header). Never an attribute. */
  @property({ attribute: false }) apiKey?: string;
  /** A short-lived token minted by the page's own back end. Never an attribute. */
  @property({ attribute: false }) token?: string;

  @state() private selected?: ViewName;
  @state() private importedRound?: string;
  @state() private solvedRun?: string;
  @state() private resultsFilter: ResultsFilter = {};
  /** Moves on whenever the round changes here (import, publish), to load its info again. */
  @state() private revision = 0;

  private api = new ApiClient(SCRIPT_ORIGIN);
  private i18n = new Translator('kk');
  /** The names the translator was made with, to make a new one when they arrive. */
  private i18nNames: NameBook = EMPTY_NAMES;

  private readonly names = new ApiTask(
    this,
    async ([api], signal): Promise<NameBook> => {
      const [regions, specialties] = await Promise.all([
        api.get<Page<ReferenceName>>('/regions', undefined, signal),
        api.get<Page<ReferenceName>>('/specialties', undefined, signal),
      ]);
      return { regions: byCode(regions.items), specialties: byCode(specialties.items) };
    },
    () => [this.api] as const,
  );

  private readonly roundInfo = new ApiTask(
    this,
    ([api, round], signal) => api.get<RoundInfo>(`/rounds/${encodeURIComponent(round)}`, undefined, signal),
    () => (this.roundId && !this.run ? ([this.api, this.roundId, this.solvedRun, this.revision] as const) : undefined),
  );

  private readonly summary = new ApiTask(
    this,
    ([api, run], signal) => api.get<RunSummary>(`/runs/${encodeURIComponent(run)}/summary`, undefined, signal),
    () => (this.runId ? ([this.api, this.runId] as const) : undefined),
  );

  private get roundId(): string | undefined {
    return this.importedRound ?? this.round;
  }

  /** The run the tabs show: as asked, as just solved here, or the round's published one (else, for staff, its latest). */
  private get runId(): string | undefined {
    if (this.run) return this.run;
    if (this.solvedRun) return this.solvedRun;
    const info = this.roundInfo.value;
    if (!info || info.id !== this.roundId) return undefined;
    if (this.mode === 'public' || info.publishedRun) return info.publishedRun ?? undefined;
    return info.runs?.filter((run) => run.status === 'done').at(-1)?.id;
  }

  private get language(): Lang {
    if (isLang(this.lang)) return this.lang;
    const pageLang = document.documentElement.lang.slice(0, 2);
    return isLang(pageLang) ? pageLang : 'kk';
  }

  private get views(): ViewName[] {
    return VIEWS[this.mode] ?? VIEWS.public;
  }

  protected override createRenderRoot() {
    // Lit adopts constructable style sheets, which a strict CSP allows. Where a browser lacks
    // them Lit falls back to <style> elements and gives them `litNonce`: take it from the
    // element's `nonce` attribute (the browser hides its value from getAttribute under a CSP).
    const nonce = this.nonce || this.getAttribute('nonce');
    const global = globalThis as { litNonce?: string };
    if (nonce && !global.litNonce) global.litNonce = nonce;
    return super.createRenderRoot();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('apiKey') || changed.has('token')) {
      this.api = new ApiClient(this.server, { apiKey: this.apiKey, token: this.token });
    }
    if (changed.has('round')) {
      this.importedRound = undefined;
      this.solvedRun = undefined;
    }
    if (!this.selected || !this.views.includes(this.selected)) {
      this.selected = this.view && this.views.includes(this.view) ? this.view : this.views[0];
    }
    if (changed.has('view') && this.view && this.views.includes(this.view)) this.selected = this.view;
    const names = this.names.value ?? EMPTY_NAMES;
    if (this.i18n.lang !== this.language || this.i18nNames !== names) {
      this.i18n = new Translator(this.language, names);
      this.i18nNames = names;
    }
  }

  override render() {
    const { i18n } = this;
    const tabs = this.views.map((id) => ({ id, label: i18n.t(TAB_LABELS[id]) }));
    // The content carries the language it is in, for screen readers and hyphenation.
    return html`<div lang=${i18n.lang}>
      <header part="header">
        <h2>${i18n.t('widget.title')}${this.roundId ? html` <span class="muted">${this.roundId}</span>` : nothing}</h2>
        <label part="language">
          <span class="visually-hidden">${i18n.t('widget.language')}</span>
          <select @change=${this.onLanguageChange} aria-label=${i18n.t('widget.language')}>
            ${LANGS.map((lang) => html`<option value=${lang} ?selected=${lang === i18n.lang} lang=${lang}>${LANGUAGE_NAMES[lang]}</option>`)}
          </select>
        </label>
      </header>
      ${renderTabList(tabs, this.selected!, (id) => (this.selected = id as ViewName), i18n.t('widget.tabs'))}
      <div
        role="tabpanel"
        id=${PANEL_ID}
        part="panel"
        aria-labelledby=${tabId(this.selected!)}
        @dual-match-select=${this.onSelect}
        @dual-match-solved=${this.onSolved}
        @dm-round-change=${this.onRoundChange}
      >
        ${this.renderPanel()}
      </div>
    </div>`;
  }

  private renderPanel() {
    const { api, i18n, roundId, runId } = this;
    switch (this.selected) {
      case 'office':
        return html`<dual-match-office
          exportparts=${VIEW_PARTS}
          .api=${api}
          .i18n=${i18n}
          .roundId=${roundId}
          .runId=${runId}
          .revision=${this.revision}
        ></dual-match-office>`;
      case 'offers':
        return roundId
          ? html`<dual-match-offers exportparts=${VIEW_PARTS} .api=${api} .i18n=${i18n} .roundId=${roundId}></dual-match-offers>`
          : renderEmpty(i18n, 'state.noRound');
      case 'lookup':
        return this.whenRun(() => html`<dual-match-lookup exportparts=${VIEW_PARTS} .api=${api} .i18n=${i18n} .runId=${runId}></dual-match-lookup>`);
      case 'results':
        return this.whenRun(() =>
          renderTask(i18n, this.summary, (summary) => html`<dual-match-results
          exportparts=${VIEW_PARTS}
            .api=${api}
            .i18n=${i18n}
            .runId=${runId}
            .summary=${summary}
            .filter=${this.resultsFilter}
            .staff=${api.hasCredentials}
            @dm-filter-change=${(event: CustomEvent<ResultsFilter>) => (this.resultsFilter = event.detail)}
          ></dual-match-results>`),
        );
      case 'shortage':
        return this.whenRun(() =>
          renderTask(i18n, this.summary, (summary) => html`<dual-match-shortage exportparts=${VIEW_PARTS} .i18n=${i18n} .summary=${summary}></dual-match-shortage>`),
        );
      default:
        return this.whenRun(() =>
          renderTask(i18n, this.summary, (summary) => html`<dual-match-summary exportparts=${VIEW_PARTS} .i18n=${i18n} .summary=${summary}></dual-match-summary>`),
        );
    }
  }

  /** The tab's content once there is a run to show; otherwise why there is none. */
  private whenRun(content: () => unknown) {
    const { i18n } = this;
    if (this.runId) return content();
    if (!this.roundId) return renderEmpty(i18n, 'state.noRound');
    return renderTask(i18n, this.roundInfo, () =>
      renderEmpty(i18n, this.mode === 'public' ? 'state.notPublished' : 'state.noRun'),
    );
  }

  private onLanguageChange(event: Event) {
    this.lang = (event.target as HTMLSelectElement).value;
  }

  private onSelect(event: CustomEvent<SelectDetail>) {
    const { detail } = event;
    if (detail.kind !== 'cell') return;
    this.resultsFilter = { specialty: detail.specialty, region: detail.region };
    this.selected = 'results';
  }

  private onSolved(event: CustomEvent<SolvedDetail>) {
    this.solvedRun = event.detail.run;
  }

  private onRoundChange(event: CustomEvent<string>) {
    if (event.detail !== this.roundId) this.solvedRun = undefined;
    this.importedRound = event.detail;
    this.revision++;
  }
}

define('dual-match', DualMatchElement);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match': DualMatchElement;
  }
}
