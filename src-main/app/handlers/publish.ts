import { checkPublishConnection, checkResult } from '../../publish/connection-check';
import type { PublishSettingsService } from '../../publish/publish-settings';
import type { Handlers } from '../router';

type PublishCallName = 'publish.settings' | 'publish.configure' | 'publish.check';

export function publishHandlers(settings: PublishSettingsService): Pick<Handlers, PublishCallName> {
  return {
    'publish.settings': () => settings.get(),
    'publish.configure': (change) => settings.configure(change),
    'publish.check': async (_request, _caller, signal) => {
      const { endpoint } = settings.get();
      // Opened only now, for this one request: a token that cannot be opened says why (StudioError).
      const token = await settings.token();
      if (!endpoint || !token) return checkResult('notConfigured', endpoint);
      return checkPublishConnection({ endpoint, token, signal });
    },
  };
}
