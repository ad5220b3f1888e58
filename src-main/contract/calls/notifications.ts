import { z } from 'zod';
import type { NotificationList } from '../notification-models';
import { call } from './define';

export const notificationsListSchema = z
  .object({ limit: z.number().int().min(1).max(200).default(50) })
  .strict();

export const notificationsMarkReadSchema = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

export const notificationCalls = {
  /**
   * The caller's own notifications (those for their user, and those for a permission they hold),
   * newest first, with how many they have not read.
   */
  'notifications.list': call<NotificationList>()({
    request: notificationsListSchema,
    permission: 'notifications.read',
  }),
  /** Marks some of the caller's notifications (or all of them) read, for the caller only; the new unread count. */
  'notifications.markRead': call<{ unread: number }>()({
    request: notificationsMarkReadSchema,
    permission: 'notifications.read',
  }),
} as const;
