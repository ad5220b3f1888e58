/**
 * The station's alarm webhook: each alarm POSTed as JSON, exactly `MonitorWebhookBody` (other tools
 * read it), one at a time in the order they happened, each given 5 seconds. A webhook that does not
 * answer is logged, never retried: the next alarm is more useful than an old one repeated.
 */
import type { MonitorWebhookBody } from '../contract';
import type { Logger } from '../platform/logger';

const TIMEOUT_MS = 5_000;

export class WebhookPoster {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly log: Logger) {}

  post(url: string, body: MonitorWebhookBody): Promise<void> {
    const { event, station, output, since, seconds } = body;
    const payload = JSON.stringify({ event, station, output, since, seconds });
    this.queue = this.queue.then(async () => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: payload,
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await res.arrayBuffer();
        if (!res.ok) this.log.warn(`Webhook ${event}: the server answered ${res.status}`);
      } catch (err) {
        this.log.warn(`Webhook ${event} not delivered`, err);
      }
    });
    return this.queue;
  }

  /** Waits for the alarms already given (tests, closing). */
  settled(): Promise<void> {
    return this.queue;
  }
}
