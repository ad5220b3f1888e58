/**
 * What the studio tells its users inside the app (issue 13): a programme waiting for approval, one
 * returned with the approver's comment, one approved. Issue 14: a programme the outbox could not
 * send (failed for good, `comment` says why), and a bulletin the province rejected (`comment`: the
 * province's reason).
 */
export const NOTIFICATION_KINDS = [
  'programme.submitted',
  'programme.returned',
  'programme.approved',
  'publish.failed',
  'publish.rejected',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface StudioNotification {
  id: number;
  at: string;
  kind: NotificationKind;
  /** The programme it is about (opened by a click), and its title when it was sent. */
  programmeId: string | null;
  title: string;
  /** Who did what it tells (null: the local admin of a data folder without users). */
  byUserId: string | null;
  byName: string | null;
  /** The approver's comment (returned), the submitter's note (submitted), why a publish failed or was rejected. */
  comment: string | null;
  emergency: boolean;
  /** Read by the caller (each user has their own marks). */
  read: boolean;
}

/** `notifications.list`: the caller's notifications, newest first, and how many they have not read. */
export interface NotificationList {
  notifications: StudioNotification[];
  unread: number;
}

/**
 * Event `notifications.changed`: some caller's notifications changed (one was added, or marked
 * read); a window fetches its own list again. It says nothing of what changed, nor for whom.
 */
export interface NotificationsChangedEvent {
  reason: 'added' | 'read';
}
