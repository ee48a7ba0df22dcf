/**
 * The enterprise tab: the key's enterprise in this round, with its capacity and ranking of
 * students (enterprise/enterprise-form.ts), and its offers with their places and
 * requirements, each editable and saved on its own (`PATCH /rounds/{roundId}/offers/{id}`),
 * and a new offer published from the last row (`POST /rounds/{roundId}/offers`), while the
 * round is open (draft or solved).
 */
import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { EnterpriseRow, OfferRow, RoundInfo } from '../api/types.ts';
import { ApiTask } from '../components/api-task.ts';
import { VIEW_PARTS } from '../components/parts.ts';
import { renderEmpty, renderError, renderTask } from '../components/status-message.ts';
import { ViewElement } from '../components/view-element.ts';
import { define } from '../define.ts';
import '../enterprise/enterprise-form.ts';
import type { MessageKey } from '../i18n/translator.ts';
import { sharedStyles } from '../styles/shared-styles.ts';

interface EnterpriseData {
  round: RoundInfo;
  offers: OfferRow[];
  enterprises: EnterpriseRow[];
}

export class EnterpriseView extends ViewElement {
  static override styles = [
    sharedStyles,
    css`
      input[type='number'] {
        width: 6em;
      }
      input.languages {
        width: 7em;
      }
      td {
        vertical-align: middle;
      }
      .saved {
        color: var(--dm-success);
      }
    `,
  ];

  /** The offer saved last, for the confirmation beside it. */
  @state() private saved?: string;

  private readonly data = new ApiTask(
    this,
    async ([api, roundId], signal): Promise<EnterpriseData> => {
      const round = encodeURIComponent(roundId);
      const [info, offers, enterprises] = await Promise.all([
        api.get<RoundInfo>(`/rounds/${round}`, undefined, signal),
        api.getAll<OfferRow>(`/rounds/${round}/offers`, {}, signal),
        api.getAll<EnterpriseRow>(`/rounds/${round}/enterprises`, {}, signal),
      ]);
      return { round: info, offers, enterprises };
    },
    () => (this.roundId ? ([this.api, this.roundId] as const) : undefined),
  );

  private get offersPath(): string {
    return `/rounds/${encodeURIComponent(this.roundId!)}/offers`;
  }

  private async save(event: SubmitEvent, offer: OfferRow) {
    event.preventDefault();
    this.saved = undefined;
    const change = readOfferFields(new FormData(event.target as HTMLFormElement));
    const updated = await this.attempt(() => this.api.patch<OfferRow>(`${this.offersPath}/${encodeURIComponent(offer.id)}`, change));
    if (updated) {
      Object.assign(offer, updated);
      this.saved = offer.id;
    }
  }

  private async publish(event: SubmitEvent, offers: OfferRow[]) {
    event.preventDefault();
    this.saved = undefined;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const { places, minScore, languages, housing } = readOfferFields(data);
    // A new offer is a round file's offer: absent, not null, where there is no requirement.
    const offer: OfferRow = {
      id: String(data.get('id')).trim(),
      enterprise: String(data.get('enterprise')),
      specialty: String(data.get('specialty')),
      places,
      ...(minScore === null ? {} : { minScore }),
      ...(languages === null ? {} : { languages }),
      housing,
    };
    const created = await this.attempt(() => this.api.post<OfferRow>(this.offersPath, offer));
    if (created) {
      offers.push(created);
      this.saved = created.id;
      form.reset();
    }
  }

  override render() {
    return renderTask(this.i18n, this.data, (data) => {
      const editable = data.round.status === 'draft' || data.round.status === 'solved';
      return html`${editable ? nothing : html`<p class="status">${this.i18n.t('enterprise.locked')}</p>`}
        ${this.renderEnterprises(data, editable)} ${this.renderOffers(data, editable)}`;
    });
  }

  private renderEnterprises({ offers, enterprises }: EnterpriseData, editable: boolean) {
    const { api, i18n, roundId } = this;
    const placesOf = (enterprise: EnterpriseRow) => offers.filter((offer) => offer.enterprise === enterprise.id).reduce((sum, offer) => sum + offer.places, 0);
    return enterprises.map(
      (enterprise) =>
        html`<dual-match-enterprise-form
          exportparts=${VIEW_PARTS}
          .api=${api}
          .i18n=${i18n}
          .roundId=${roundId}
          .enterprise=${enterprise}
          .places=${placesOf(enterprise)}
          .editable=${editable}
        ></dual-match-enterprise-form>`,
    );
  }

  private renderOffers({ offers, enterprises }: EnterpriseData, editable: boolean) {
    const { i18n } = this;
    return html`
      ${this.error ? renderError(i18n, this.error) : nothing}
      <div class="scroll-x">
        <table part="offers-table">
          <caption class="visually-hidden">${i18n.t('tab.offers')}</caption>
          <thead>
            <tr>
              <th scope="col">${i18n.t('lookup.offer')}</th>
              <th scope="col">${i18n.t('results.specialty')}</th>
              <th scope="col">${i18n.t('summary.places')}</th>
              <th scope="col">${i18n.t('enterprise.minScore')}</th>
              <th scope="col">${i18n.t('enterprise.languages')}</th>
              <th scope="col">${i18n.t('enterprise.housing')}</th>
              <th scope="col"><span class="visually-hidden">${i18n.t('enterprise.save')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${offers.map((offer) => this.renderOffer(offer, editable))}
            ${editable ? this.renderNewOffer(offers, enterprises) : nothing}
          </tbody>
        </table>
      </div>
      ${offers.length === 0 ? renderEmpty(i18n, 'enterprise.noOffers') : nothing}
    `;
  }

  /** The last row: a new offer of the enterprise, published with its places. */
  private renderNewOffer(offers: OfferRow[], enterprises: EnterpriseRow[]) {
    const { i18n } = this;
    const form = 'new-offer';
    return html`<tr class="new-offer">
      <th scope="row">
        <input form=${form} name="id" required placeholder=${i18n.t('enterprise.newId')} aria-label=${i18n.t('enterprise.newId')} />
        ${enterprises.length > 1
          ? html`<select form=${form} name="enterprise" aria-label=${i18n.t('results.enterprise')}>
              ${enterprises.map((enterprise) => html`<option value=${enterprise.id}>${enterprise.name ?? enterprise.id}</option>`)}
            </select>`
          : html`<input form=${form} type="hidden" name="enterprise" .value=${enterprises[0]?.id ?? ''} />`}
      </th>
      <td>
        <select form=${form} name="specialty" required aria-label=${i18n.t('results.specialty')}>
          ${i18n.specialtyCodes().map((code) => html`<option value=${code}>${i18n.specialty(code)}</option>`)}
        </select>
      </td>
      ${this.renderRequirementCells(form, i18n.t('enterprise.newOffer'), { places: 1 })}
      <td>
        <form id=${form} @submit=${(event: SubmitEvent) => this.publish(event, offers)}>
          <button type="submit" class="primary" ?disabled=${this.busy}>${i18n.t('enterprise.publish')}</button>
        </form>
      </td>
    </tr>`;
  }

  private renderOffer(offer: OfferRow, editable: boolean) {
    const { i18n } = this;
    const form = `offer-${offer.id}`;
    return html`<tr>
      <th scope="row">${offer.id}</th>
      <td>${i18n.specialty(offer.specialty)}</td>
      ${this.renderRequirementCells(form, offer.id, offer, !editable)}
      <td>
        <form id=${form} @submit=${(event: SubmitEvent) => this.save(event, offer)}>
          <button type="submit" ?disabled=${!editable || this.busy}>${i18n.t('enterprise.save')}</button>
          ${this.saved === offer.id ? html`<span class="saved" role="status">${i18n.t('enterprise.saved')}</span>` : nothing}
        </form>
      </td>
    </tr>`;
  }

  /** Places, minimum score, languages and housing of one offer, as inputs of its row's form. */
  private renderRequirementCells(form: string, name: string, offer: Partial<OfferRow>, disabled = false) {
    const { i18n } = this;
    const label = (key: MessageKey) => `${i18n.t(key)}: ${name}`;
    return html`
      <td><input form=${form} name="places" type="number" min="0" step="1" required .value=${String(offer.places ?? '')} ?disabled=${disabled} aria-label=${label('summary.places')} /></td>
      <td><input form=${form} name="minScore" type="number" min="0" max="100" step="any" .value=${offer.minScore?.toString() ?? ''} ?disabled=${disabled} aria-label=${label('enterprise.minScore')} /></td>
      <td><input form=${form} name="languages" class="languages" .value=${offer.languages?.join(', ') ?? ''} placeholder="kk, ru" ?disabled=${disabled} aria-label=${label('enterprise.languages')} /></td>
      <td><input form=${form} name="housing" type="checkbox" ?checked=${offer.housing === true} ?disabled=${disabled} aria-label=${label('enterprise.housing')} /></td>
    `;
  }
}

/** An offer row's requirement fields; null where a requirement is left empty (no requirement). */
function readOfferFields(data: FormData) {
  const minScore = String(data.get('minScore') ?? '').trim();
  const languages = String(data.get('languages') ?? '')
    .split(/[\s,;]+/)
    .filter(Boolean);
  return {
    places: Number(data.get('places')),
    minScore: minScore === '' ? null : Number(minScore),
    languages: languages.length > 0 ? languages : null,
    housing: data.get('housing') === 'on',
  };
}

define('dual-match-offers', EnterpriseView);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-offers': EnterpriseView;
  }
}
