import { PERMISSIONS } from '../../contract';
import { NotificationsService } from '../../notifications/notifications-service';
import type { Caller, Policy } from '../policy';
import type { Handlers } from '../router';

type NotificationCallName = 'notifications.list' | 'notifications.markRead';

/** A caller's notifications are those for their user and for the permissions the policy grants them. */
export function notificationHandlers(
  notifications: NotificationsService,
  policy: Policy,
): Pick<Handlers, NotificationCallName> {
  const reader = (caller: Caller) =>
    NotificationsService.reader(
      caller.userId,
      PERMISSIONS.filter((p) => policy(caller, p, 'notifications.list')),
    );
  return {
    'notifications.list': ({ limit }, caller) => notifications.list(reader(caller), limit),
    'notifications.markRead': (request, caller) =>
      notifications.markRead(reader(caller), 'all' in request ? null : request.ids),
  };
}
