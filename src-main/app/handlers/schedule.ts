import type { ScheduleActor, ScheduleService } from '../../schedule';
import type { Caller } from '../policy';
import type { Handlers } from '../router';

type ScheduleCallName =
  | 'schedule.list'
  | 'schedule.add'
  | 'schedule.update'
  | 'schedule.remove'
  | 'schedule.settings'
  | 'schedule.configure';

/** Who schedules, as the slot keeps them. */
function actorOf(caller: Caller): ScheduleActor {
  return { name: caller.displayName ?? caller.userName ?? 'Quản trị máy này', host: caller.host };
}

export function scheduleHandlers(schedule: ScheduleService): Pick<Handlers, ScheduleCallName> {
  return {
    'schedule.list': ({ week }) => schedule.list(week),
    'schedule.add': (request, caller) => schedule.add(request, actorOf(caller)),
    'schedule.update': (request) => schedule.update(request),
    'schedule.remove': ({ id }) => schedule.remove(id),
    'schedule.settings': () => schedule.settings(),
    'schedule.configure': (change) => schedule.configure(change),
  };
}
