import type { AdapterFactory } from '../../publish/adapter-factory';
import type { Outbox } from '../../publish/outbox';
import type { PublishSettingsService } from '../../publish/publish-settings';
import type { Handlers } from '../router';

type PublishCallName =
  | 'publish.settings'
  | 'publish.configure'
  | 'publish.check'
  | 'publish.queue'
  | 'outbox.list'
  | 'outbox.run'
  | 'outbox.sync'
  | 'outbox.retry'
  | 'outbox.cancel'
  | 'publish.withdraw';

export function publishHandlers(
  settings: PublishSettingsService,
  adapters: AdapterFactory,
  outbox: Outbox,
): Pick<Handlers, PublishCallName> {
  return {
    'publish.settings': () => settings.get(),
    'publish.configure': (change) => settings.configure(change),
    'publish.check': (_request, _caller, signal) => adapters.check(signal),
    // The programme is marked sent in the name of who queued it (as its history names people).
    'publish.queue': ({ programmeId }, caller) =>
      outbox.queue(programmeId, {
        userId: caller.userId,
        name: caller.displayName ?? caller.userName ?? null,
      }),
    'outbox.list': () => outbox.list(),
    'outbox.run': ({ untilEmpty, timeoutSeconds }, _caller, signal) =>
      outbox.run({
        untilEmpty,
        ...(timeoutSeconds === undefined ? {} : { timeoutMs: timeoutSeconds * 1000 }),
        signal,
      }),
    'outbox.sync': (_request, _caller, signal) => outbox.sync(signal),
    'outbox.retry': ({ itemId }) => outbox.retry(itemId),
    'outbox.cancel': ({ itemId }) => outbox.cancel(itemId),
    'publish.withdraw': ({ itemId, reason }, _caller, signal) => outbox.withdraw(itemId, reason, signal),
  };
}
