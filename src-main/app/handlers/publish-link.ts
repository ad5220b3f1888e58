import type { OutboxRunner } from '../../publish/outbox-runner';
import type { PublishLink } from '../../publish/publish-link';
import type { Handlers } from '../router';

/**
 * `publish.link`, and what the link hears of the publish settings' calls: "Kiểm tra kết nối" tells
 * it what it found, and a new configuration is checked again at once by the runner.
 */
export function publishLinkHandlers(
  link: PublishLink,
  runner: OutboxRunner,
  settings: Pick<Handlers, 'publish.configure' | 'publish.check'>,
): Pick<Handlers, 'publish.link' | 'publish.configure' | 'publish.check'> {
  return {
    'publish.link': () => link.get(),
    'publish.configure': async (request, caller, signal) => {
      const result = await settings['publish.configure'](request, caller, signal);
      runner.reconfigured();
      return result;
    },
    'publish.check': async (request, caller, signal) => {
      const result = await settings['publish.check'](request, caller, signal);
      if (!signal.aborted) link.checked(result);
      return result;
    },
  };
}
