import type { LiveService, LiveActor } from '../../live/live-service';
import type { LiveSettingsStore } from '../../live/live-settings';
import type { Caller } from '../policy';
import type { Handlers } from '../router';

type LiveCallName =
  | 'live.state'
  | 'live.start'
  | 'live.stop'
  | 'live.source.add'
  | 'live.source.level'
  | 'live.source.play'
  | 'live.source.pause'
  | 'live.source.remove'
  | 'live.emergency.start'
  | 'live.emergency.end'
  | 'live.prelisten'
  | 'live.settings'
  | 'live.configure';

/** Who acts, as the live state names them; the host decides whether `pcm:-` may be used. */
function actorOf(caller: Caller): LiveActor {
  return {
    name: caller.displayName ?? caller.userName ?? 'Quản trị máy này',
    host: caller.host,
  };
}

export function liveHandlers(live: LiveService, settings: LiveSettingsStore): Pick<Handlers, LiveCallName> {
  return {
    'live.state': () => live.state(),
    'live.start': (request, caller) => live.start(request, actorOf(caller)),
    'live.stop': () => live.stop(),
    'live.source.add': (request, caller) => live.addSource(request, actorOf(caller)),
    'live.source.level': ({ id, levelDb }) => live.setLevel(id, levelDb),
    'live.source.play': ({ id }) => live.play(id),
    'live.source.pause': ({ id }) => live.pause(id),
    'live.source.remove': ({ id }) => live.removeSource(id),
    'live.emergency.start': (request, caller) => live.startEmergency(request, actorOf(caller)),
    'live.emergency.end': () => live.endEmergency(),
    'live.prelisten': ({ codec }) => live.prelisten(codec),
    'live.settings': () => settings.get(),
    'live.configure': (change) => settings.configure(change),
  };
}
