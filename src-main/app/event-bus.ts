import type { EventName, EventPayload, EventSink } from '../contract';

export type EventListener = (event: EventName, payload: EventPayload<EventName>) => void;

/** Fans service events out to every host connection (windows, WebSocket clients). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  readonly emit: EventSink = (event, payload) => {
    for (const listener of this.listeners) listener(event, payload as EventPayload<EventName>);
  };

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
