/** The core's live event bus: one source for SSE `/v0/events` and desktop IPC. */
import type { LlmlbEvent } from '../admin/types.js';

/** Publishes events to subscribers; a failing subscriber never affects the others. */
export class EventBus {
  readonly #listeners = new Set<(e: LlmlbEvent) => void>();

  /** Subscribes; returns an unsubscribe. */
  subscribe(listener: (e: LlmlbEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Publishes an event to every subscriber. */
  publish(event: LlmlbEvent): void {
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch {
        // isolate subscribers
      }
    }
  }

  /** Number of subscribers (for tests and metrics). */
  size(): number {
    return this.#listeners.size;
  }
}
