/**
 * A controller that loads something from the API whenever its arguments change, and keeps
 * the state a view renders: loading, done (with the value) or failed (with an ApiError).
 * Like @lit/task, cut down to what the widget needs; it also reports every failure as a
 * `dual-match-error` event from the host, so the embedding page hears about it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, toApiError } from '../api/api-error.ts';
import { emit } from '../events.ts';

export type TaskState = 'idle' | 'loading' | 'done' | 'failed';

/** What rendering needs of a task, whatever its arguments. */
export interface TaskStatus<T> {
  readonly state: TaskState;
  readonly value?: T;
  readonly error?: ApiError;
  retry(): Promise<void>;
}

export class ApiTask<Args extends readonly unknown[], T> implements ReactiveController, TaskStatus<T> {
  state: TaskState = 'idle';
  value?: T;
  error?: ApiError;
  private lastArgs?: Args;
  private controller?: AbortController;

  /**
   * @param load runs with the current arguments; aborted when newer arguments supersede it
   * @param args the arguments, read at every host update; `undefined` means "nothing to load"
   */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly load: (args: Args, signal: AbortSignal) => Promise<T>,
    private readonly args: () => Args | undefined,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const args = this.args();
    const previous = this.lastArgs;
    if (args === undefined) {
      if (previous !== undefined) this.reset();
      return;
    }
    if (previous && previous.length === args.length && previous.every((value, i) => Object.is(value, args[i]))) return;
    void this.run(args);
  }

  hostDisconnected(): void {
    this.controller?.abort();
    // Loads again when the element comes back.
    this.lastArgs = undefined;
  }

  /** Loads again with the current arguments (the retry button). */
  retry(): Promise<void> {
    const args = this.args();
    return args ? this.run(args) : Promise.resolve();
  }

  private reset(): void {
    this.controller?.abort();
    this.lastArgs = undefined;
    this.state = 'idle';
    this.value = undefined;
    this.error = undefined;
  }

  private async run(args: Args): Promise<void> {
    this.lastArgs = args;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.state = 'loading';
    this.host.requestUpdate();
    try {
      const value = await this.load(args, controller.signal);
      if (controller.signal.aborted) return;
      this.value = value;
      this.error = undefined;
      this.state = 'done';
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = toApiError(error);
      this.state = 'failed';
      emit(this.host, 'dual-match-error', { kind: this.error.kind, status: this.error.status, message: this.error.message });
    }
    this.host.requestUpdate();
  }
}
