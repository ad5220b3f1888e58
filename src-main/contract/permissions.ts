/** What a call, an event or a media file needs. Roles map onto these in `ROLE_PERMISSIONS`. */
export const PERMISSIONS = [
  /**
   * Calls anyone may make, signed in or not: who am I, sign in, sign out, lock, unlock. Granted to
   * every caller by the policy, not by a role (a window shows the sign-in screen before any role).
   */
  'session',
  'system.read',
  'settings.read',
  'settings.write',
  'library.read',
  'library.write',
  'recording.read',
  'recording.use',
  'edit.read',
  'edit.write',
  'programme.read',
  'programme.write',
  /** Send a programme one may change for approval (gửi duyệt), or take it back before a decision. */
  'programme.submit',
  /** Approve (also as an emergency, in one step) or return a submitted programme (lãnh đạo duyệt). */
  'programme.approve',
  'audit.read',
  /** Accounts: add users, give roles, reset passwords, disable. */
  'users.manage',
  /** One's own notifications (waiting for approval, returned, approved): every role has it. */
  'notifications.read',
  /** Where the studio publishes to the province (endpoint, station code, token), and testing it. */
  'publish.configure',
  /** Send approved programmes to the province: queue them, run the outbox, see its items. */
  'publish.send',
  /** Withdraw a bulletin the province holds (rút bản tin): an editorial decision, the chief editor's. */
  'publish.withdraw',
  /**
   * The commune stations (cụm thu) the studio feeds live: see the registry, export it. The live
   * desk's targets (issue 15) are chosen from it.
   */
  'stations.read',
  /**
   * Add, change, disable stations, import them, and see a station's token and stream URLs to set
   * up its receiver.
   */
  'stations.write',
  /** See what is on air, to which stations, the meters, and pre-listen the programme (issue 15). */
  'live.read',
  /** Go live, stop, add and mix sources on the live desk. */
  'live.operate',
  /**
   * Start and end an emergency broadcast (phát khẩn cấp). The roles below are the default; the
   * station may name others in its live settings (`live.configure`), checked in main by the policy
   * (`withStationRules` in app/policy.ts). The admin always may.
   */
  'live.emergency',
  /** The fleet view, the alarms and the clock's synchronisation (issue 16). */
  'monitor.read',
  /** The silence threshold, the alarm webhook, a relay's fallback, the as-aired retention. */
  'monitor.configure',
  /** The broadcast log (nhật ký phát sóng): what aired where and when, and its CSV export. */
  'broadcastLog.read',
  /** See the schedule (lịch phát), its conflicts, and what it plays now (issue 16). */
  'schedule.read',
  /** Add, change and remove slots and their exceptions; the rule for pre-empted slots. */
  'schedule.write',
  /** Search the archive (lưu trữ) of programmes, their segments, assets and what aired; preview, export a hit. */
  'archive.read',
  /** The airtime reports (by language, station, subject; the ethnic-language share) and their XLSX/PDF. */
  'report.read',
  /** Import an old archive's folders into the library, names read for date, title, language (issue 17). */
  'archive.import',
  /** See the masters and as-aired days past the retention rule, and delete them after confirming. */
  'archive.retention',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Station roles, named as the domain names them (DOMAIN.md). */
export const ROLES = [
  'reporter',
  'editor',
  'announcer',
  'chiefEditor',
  'operator',
  'archivist',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * What each role may do: the one table main checks every call, event and media file against
 * (`rolePolicy` in app/policy.ts), and the UI reads to hide what a user may not do. A user with
 * several roles (at a small station one person is often reporter and editor) has the union.
 * Everyone may read the system's state and the settings: the UI needs them to start at all.
 */
export const ROLE_PERMISSIONS: { readonly [R in Role]: readonly Permission[] } = {
  /**
   * Phóng viên: records interviews and voice reports, imports them, trims them, drafts a programme
   * from them and submits it for approval. Only their own programmes: the per-record rule in
   * programme/record-rules.ts, beside this table, keeps them off the others'.
   */
  reporter: [
    'system.read',
    'settings.read',
    'library.read',
    'library.write',
    'recording.read',
    'recording.use',
    'edit.read',
    'edit.write',
    'programme.read',
    'programme.write',
    'programme.submit',
    'notifications.read',
    // Finds past reports to reuse (lưu trữ).
    'archive.read',
  ],
  /**
   * Biên tập viên: cuts what reporters brought in and assembles programmes; keeps the library's
   * titles and tags in order. Does not record (an editor who also records holds reporter too).
   */
  editor: [
    'system.read',
    'settings.read',
    'library.read',
    'library.write',
    'edit.read',
    'edit.write',
    'programme.read',
    'programme.write',
    'programme.submit',
    'notifications.read',
    // Finds past material to cut into new programmes.
    'archive.read',
  ],
  /**
   * Phát thanh viên: reads news into the microphone (some in an ethnic language) and listens to the
   * programme they read for; their takes land in the library, which they may hear but not change.
   */
  announcer: [
    'system.read',
    'settings.read',
    'library.read',
    'recording.read',
    'recording.use',
    'programme.read',
    'notifications.read',
    // Hears what is on air: the announcer reads into the live microphone.
    'live.read',
    // Knows when they read: the schedule.
    'schedule.read',
    // Knows whether the stations hear the air.
    'monitor.read',
  ],
  /**
   * Lãnh đạo duyệt: approves what goes out (or returns it with a comment), so hears everything
   * (library, edits, programmes) and changes none of it: what was approved is what the others made.
   */
  chiefEditor: [
    'system.read',
    'settings.read',
    'library.read',
    'edit.read',
    'programme.read',
    'programme.approve',
    // The audit log: who changed what, for the one who answers for what airs.
    'audit.read',
    'notifications.read',
    // Sends what they approved on to the province (an emergency cannot wait for someone else).
    'publish.send',
    // Sees which communes a live or emergency broadcast reaches (they may go live in an emergency).
    'stations.read',
    // Takes back from the province what should no longer air (rút bản tin).
    'publish.withdraw',
    // Watches the air, and may start an emergency (the station may change who may: live settings).
    'live.read',
    'live.emergency',
    // Answers for what aired (nhật ký phát sóng), and watches that the stations hear it.
    'monitor.read',
    'broadcastLog.read',
    // Decides what airs when (lịch phát).
    'schedule.read',
    'schedule.write',
    // Finds what was made and aired, to answer for it.
    'archive.read',
    // Answers for the month's airtime by language (báo cáo phát sóng).
    'report.read',
  ],
  /**
   * Kỹ thuật viên phát sóng: runs the live desk and airs approved programmes: checks the
   * microphone's input, plays programmes and library jingles; makes none of them.
   */
  operator: [
    'system.read',
    'settings.read',
    'library.read',
    'recording.read',
    'programme.read',
    'notifications.read',
    // Delivers approved programmes to the provincial source system, as it airs them.
    'publish.send',
    // Sets up and looks after the commune receivers the live desk feeds: their links and tokens.
    'stations.read',
    'stations.write',
    // Runs the live desk, and by default an emergency too.
    'live.read',
    'live.operate',
    'live.emergency',
    // Watches the fleet and its alarms, keeps the log of what aired.
    'monitor.read',
    'monitor.configure',
    'broadcastLog.read',
    // Keeps the schedule running.
    'schedule.read',
    'schedule.write',
  ],
  /** Lưu trữ: keeps and finds past material: files, describes and retires library items. */
  archivist: [
    'system.read',
    'settings.read',
    'library.read',
    'library.write',
    'programme.read',
    'notifications.read',
    // Keeps what aired: the broadcast log is the archive's index of the air.
    'broadcastLog.read',
    // Finds past material: the archive is theirs to keep.
    'archive.read',
    // Makes the month's airtime reports from it.
    'report.read',
    // Brings the station's old archives (years of files on disks) into the library.
    'archive.import',
    // Decides, item by item, what past the retention rule is deleted (nothing goes by itself).
    'archive.retention',
  ],
  /** Quản trị: manages the system (settings, backups, restore) and users; may do everything. */
  admin: PERMISSIONS,
};

/**
 * Whether any of `roles` grants `permission`. A role this version does not know (say, from a newer
 * studio's user list) grants nothing.
 */
export function rolesGrant(roles: readonly string[], permission: Permission): boolean {
  return roles.some(
    (role) => Object.hasOwn(ROLE_PERMISSIONS, role) && ROLE_PERMISSIONS[role as Role].includes(permission),
  );
}
