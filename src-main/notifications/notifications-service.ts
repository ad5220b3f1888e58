/**
 * Notifications inside the studio (issue 13): made from the events of the services (a programme's
 * approval steps; issue 14: a publish that failed, a bulletin the province rejected), kept in the
 * records database, each user's read marks their own. Addressed to a user, or to everyone holding a permission ("chờ duyệt" goes to
 * whoever may approve, so no list of approvers is needed). Every change is announced with
 * `notifications.changed`, which says nothing of what changed: each window asks for its own list.
 */
import type { EventSink, NotificationList, Permission, ProgrammeApprovalEvent } from '../contract';
import type { Sql } from '../store';
import { NotificationRepository, type NewNotification, type Reader } from './notification-repository';

export type { Reader } from './notification-repository';

/** The read marks of the local admin (a data folder without users): never a user's id, which has no colon. */
export const LOCAL_ADMIN_READER = ':local-admin';

/** Who is told of each approval step: those who may approve a submission, the maker of the rest. */
const APPROVER: Permission = 'programme.approve';
/** When a programme's maker is not known (made by the local admin): whoever may change programmes. */
const MAKERS: Permission = 'programme.write';
/**
 * Who answers for what leaves for the province besides whoever queued it: the chief editors and
 * admins (they hold `publish.send` too; an operator, who only sends, is told as the one who queued).
 */
const ANSWERS_FOR_PUBLISHING: Permission = 'programme.approve';

/** A programme the outbox could not deliver, or whose bulletin the province rejected. */
export interface PublishProblem {
  kind: 'publish.failed' | 'publish.rejected';
  programmeId: string;
  title: string;
  /** Who queued it (null: the local admin, or the CLI without users). */
  queuedByUserId: string | null;
  queuedByName: string | null;
  /** The outbox's last error, or the province's reason. */
  reason: string | null;
  emergency: boolean;
}

export interface NotificationsOptions {
  sql: Sql;
  emit: EventSink;
  now?: () => Date;
}

export class NotificationsService {
  private readonly repo: NotificationRepository;
  private readonly now: () => Date;

  constructor(private readonly options: NotificationsOptions) {
    this.repo = new NotificationRepository(options.sql);
    this.now = options.now ?? (() => new Date());
  }

  /** The reader a caller is: their user id (or the local admin's key) and the permissions they hold. */
  static reader(userId: string | null, permissions: readonly Permission[]): Reader {
    return { userId, key: userId ?? LOCAL_ADMIN_READER, permissions };
  }

  /** A programme's approval state changed: submitted, returned and approved are told; other steps are not. */
  fromApproval(e: ProgrammeApprovalEvent): void {
    const maker = e.ownerId !== null ? { userId: e.ownerId } : { permission: MAKERS };
    const about = {
      programmeId: e.programmeId,
      title: e.title,
      byUserId: e.byUserId,
      byName: e.byName,
      comment: e.comment,
      emergency: e.emergency,
    };
    if (e.state === 'submitted')
      this.add({ ...about, kind: 'programme.submitted', audience: { permission: APPROVER } });
    else if (e.state === 'returned') this.add({ ...about, kind: 'programme.returned', audience: maker });
    else if (e.state === 'approved') this.add({ ...about, kind: 'programme.approved', audience: maker });
  }

  /**
   * Told to whoever queued it, and to the chief editors and admins. The latter's notification names
   * the one who queued it as its doer, so that one (if a chief editor too) sees it once, not twice.
   */
  fromPublish(p: PublishProblem): void {
    const about = {
      kind: p.kind,
      programmeId: p.programmeId,
      title: p.title,
      byName: p.queuedByName,
      comment: p.reason,
      emergency: p.emergency,
    };
    if (p.queuedByUserId !== null)
      this.add({ ...about, byUserId: null, audience: { userId: p.queuedByUserId } });
    this.add({ ...about, byUserId: p.queuedByUserId, audience: { permission: ANSWERS_FOR_PUBLISHING } });
  }

  add(n: Omit<NewNotification, 'at'>): number {
    const id = this.repo.add({ ...n, at: this.now().toISOString() });
    this.options.emit('notifications.changed', { reason: 'added' });
    return id;
  }

  list(reader: Reader, limit: number): NotificationList {
    return { notifications: this.repo.list(reader, limit), unread: this.repo.unread(reader) };
  }

  /** Marks `ids` (only those the reader sees), or all when null, read for this reader alone. */
  markRead(reader: Reader, ids: readonly number[] | null): { unread: number } {
    const marked = this.repo.markRead(reader, ids, this.now().toISOString());
    if (marked > 0) this.options.emit('notifications.changed', { reason: 'read' });
    return { unread: this.repo.unread(reader) };
  }
}
