/**
 * The loading, empty and error states every view shows the same way. An error names what
 * went wrong in the reader's language and offers a retry where another try may help.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ApiError, ApiErrorKind } from '../api/api-error.ts';
import type { MessageKey, Translator } from '../i18n/translator.ts';
import type { TaskStatus } from './api-task.ts';

const ERROR_MESSAGES: Record<ApiErrorKind, MessageKey> = {
  unreachable: 'error.unreachable',
  unauthorized: 'error.unauthorized',
  forbidden: 'error.forbidden',
  'not-found': 'error.notFound',
  invalid: 'error.invalid',
  'rate-limited': 'error.rateLimited',
  server: 'error.server',
};

export function renderLoading(i18n: Translator): TemplateResult {
  return html`<p class="status loading" role="status" part="status"><span class="spinner" aria-hidden="true"></span>${i18n.t('state.loading')}</p>`;
}

export function renderEmpty(i18n: Translator, key: MessageKey): TemplateResult {
  return html`<p class="status empty" part="status">${i18n.t(key)}</p>`;
}

export function renderError(i18n: Translator, error: ApiError, retry?: () => void): TemplateResult {
  const message = i18n.t(ERROR_MESSAGES[error.kind], { seconds: error.retryAfterSeconds ?? 30 });
  return html`<div class="status error" role="alert" part="error">
    <span>${message}</span>
    ${retry && error.retryable ? html`<button type="button" @click=${retry}>${i18n.t('action.retry')}</button>` : nothing}
  </div>`;
}

/**
 * The task's loading or error state, or `done(value)` once it has its value. While it loads
 * again (after an import or a publish) the previous value stays on screen, so the view keeps
 * its place and its state instead of flashing a spinner.
 */
export function renderTask<T>(
  i18n: Translator,
  task: TaskStatus<T>,
  done: (value: T) => unknown,
): unknown {
  switch (task.state) {
    case 'idle':
      return nothing;
    case 'loading':
      return task.value === undefined ? renderLoading(i18n) : done(task.value);
    case 'failed':
      return renderError(i18n, task.error!, () => void task.retry());
    case 'done':
      return done(task.value as T);
  }
}
