import { assertUsableFfmpeg } from '../media/ffmpeg-check';
import { openMediaServices, type MediaServices } from '../media/media-service';
import { DoctorService } from '../system/doctor-service';
import { SettingsService } from '../settings/settings-service';
import { Store } from '../store';
import type { StudioConfig } from './config';
import { EventBus } from './event-bus';
import { allowAll, type Policy } from './policy';
import { mediaHandlers } from './handlers/media';
import { systemHandlers } from './handlers/system';
import { createRouter, type Handlers, type Router } from './router';

export interface Studio {
  config: StudioConfig;
  router: Router;
  events: EventBus;
  services: {
    settings: SettingsService;
    doctor: DoctorService;
    media: MediaServices;
  };
}

/** The composition root: builds every service from one config object and wires the router. */
export async function createStudio(config: StudioConfig, policy: Policy = allowAll): Promise<Studio> {
  const events = new EventBus();
  const store = new Store(config.dataDir);
  const settings = await SettingsService.open(store, events.emit, assertUsableFfmpeg);
  const doctor = new DoctorService({
    dataDir: config.dataDir,
    appVersion: config.appVersion,
    host: config.host,
    env: config.env,
    ffmpegSetting: () => settings.get().ffmpegPath,
  });

  const media = await openMediaServices({
    store,
    dataDir: config.dataDir,
    emit: events.emit,
    ffmpegSetting: () => settings.get().ffmpegPath,
    env: config.env,
  });

  // Each domain contributes the handlers of its calls; the type requires every call to be handled.
  const handlers: Handlers = {
    ...systemHandlers(config, settings, doctor),
    ...mediaHandlers(media),
  };

  return { config, router: createRouter(handlers, policy), events, services: { settings, doctor, media } };
}
