/**
 * What every tab of the widget gets from the <dual-match> element: the API client, the
 * translator, and which round and run it shows; and the one way its actions fail (kept for
 * rendering, and reported to the page as `dual-match-error`). Views are their own custom
 * elements so each keeps its state and styles to itself.
 */
import { LitElement, type CSSResultGroup } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ApiClient } from '../api/api-client.ts';
import { toApiError, type ApiError } from '../api/api-error.ts';
import { emit } from '../events.ts';
import type { Translator } from '../i18n/translator.ts';
import { sharedStyles } from '../styles/shared-styles.ts';

export class ViewElement extends LitElement {
  static override styles: CSSResultGroup = sharedStyles;

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) i18n!: Translator;
  @property({ attribute: false }) roundId?: string;
  @property({ attribute: false }) runId?: string;

  /** An action of the user's is under way. */
  @state() protected busy = false;
  /** Why the last action or load failed. */
  @state() protected error?: ApiError;

  /** Runs a user's action: busy meanwhile; a failure is kept and reported, and gives undefined. */
  protected async attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = undefined;
    try {
      return await action();
    } catch (error) {
      this.fail(error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  protected fail(error: unknown): void {
    this.error = toApiError(error);
    emit(this, 'dual-match-error', { kind: this.error.kind, status: this.error.status, message: this.error.message });
  }
}
