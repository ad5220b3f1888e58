import { DEFAULT_MP3_KBPS, DEFAULT_OPUS_KBPS, DEFAULT_WAV_BIT_DEPTH, type OutboxItem } from '../../contract';
import type { Actor } from '../../programme/approval';
import { checkMayChangeProgramme } from '../../programme/record-rules';
import type { ProgrammeServices } from '../../programme/services';
import type { Caller } from '../policy';
import type { Handlers } from '../router';
import type { PlacesFor } from '../writable-places';

type ProgrammeCallName =
  | 'programme.list'
  | 'programme.create'
  | 'programme.get'
  | 'programme.update'
  | 'programme.apply'
  | 'programme.undo'
  | 'programme.redo'
  | 'programme.trash'
  | 'programme.restore'
  | 'programme.purge'
  | 'programme.templates.list'
  | 'programme.templates.save'
  | 'programme.templates.remove'
  | 'programme.render'
  | 'programme.renderFiles'
  | 'programme.renderStatus'
  | 'programme.preview'
  | 'programme.sourcePeaks'
  | 'programme.cancelRender'
  | 'programme.export'
  | 'programme.import'
  | 'programme.submit'
  | 'programme.withdraw'
  | 'programme.approve'
  | 'programme.return';

/**
 * Who takes a step, as a programme's history, its events and so the notifications name them: the
 * name people know them by ("Nguyễn Thị Lan"), else the sign-in name (a caller made on the router).
 */
const actorOf = (caller: Caller): Actor => ({
  userId: caller.userId,
  name: caller.displayName ?? caller.userName ?? null,
});

/**
 * `places`: where a caller's request may have a render or an export written. Every call that
 * changes a stored programme first asks the per-record rule (`record-rules.ts`): a reporter only
 * their own.
 */
/** What an emergency approval by this caller sent at once: the outbox item, or why none; null when it may not send. */
export type SendAtOnce = (
  programmeId: string,
  caller: Caller,
) => Promise<{ item: OutboxItem | null; error: string | null } | null>;

export function programmeHandlers(
  { programmes, files, renders, approvals }: ProgrammeServices,
  places: PlacesFor,
  sendAtOnce: SendAtOnce,
): Pick<Handlers, ProgrammeCallName> {
  const mayChange = (id: string, caller: Caller) => checkMayChangeProgramme(caller, programmes.owner(id));
  return {
    'programme.list': ({ onlyDeleted, approvalState }) => programmes.list(onlyDeleted, approvalState),
    'programme.create': (request, caller) => programmes.create(request, caller.userId),
    'programme.get': ({ id }) => programmes.get(id),
    'programme.update': ({ id, metadata, ducking, expectedRevision }, caller) => {
      mayChange(id, caller);
      return programmes.update(id, { metadata, ducking }, expectedRevision, actorOf(caller));
    },
    'programme.apply': ({ id, op, expectedRevision }, caller) => {
      mayChange(id, caller);
      return programmes.apply(id, op, expectedRevision, actorOf(caller));
    },
    'programme.undo': ({ id, expectedRevision }, caller) => {
      mayChange(id, caller);
      return programmes.undo(id, expectedRevision, actorOf(caller));
    },
    'programme.redo': ({ id, expectedRevision }, caller) => {
      mayChange(id, caller);
      return programmes.redo(id, expectedRevision, actorOf(caller));
    },
    'programme.trash': ({ id }, caller) => {
      mayChange(id, caller);
      return programmes.trash(id, actorOf(caller));
    },
    'programme.restore': ({ id }, caller) => {
      mayChange(id, caller);
      return programmes.restore(id, actorOf(caller));
    },
    'programme.purge': ({ id }, caller) => {
      mayChange(id, caller);
      return programmes.purge(id);
    },
    'programme.templates.list': () => programmes.templates(),
    'programme.templates.save': (request) => programmes.saveTemplate(request),
    'programme.templates.remove': ({ templateId }) => programmes.removeTemplate(templateId),
    'programme.render': (request, caller) => {
      mayChange(request.id, caller);
      return renders.startRender(request, actorOf(caller), places(caller));
    },
    'programme.renderFiles': async ({ programme, files: outputFiles, ...formats }, caller, signal) => {
      if ('id' in programme) mayChange(programme.id, caller);
      for (const f of outputFiles) await places(caller).assertMayWrite(f.file);
      const doc =
        'id' in programme ? await programmes.document(programme.id) : await files.readFile(programme.file);
      const outputs = {
        files: outputFiles,
        mp3Kbps: formats.mp3Kbps ?? DEFAULT_MP3_KBPS,
        opusKbps: formats.opusKbps ?? DEFAULT_OPUS_KBPS,
        wavBitDepth: formats.wavBitDepth ?? DEFAULT_WAV_BIT_DEPTH,
      };
      return renders.renderFiles(
        doc,
        'id' in programme ? programme.id : null,
        outputs,
        signal,
        actorOf(caller),
      );
    },
    'programme.renderStatus': ({ jobId }) => renders.renderStatus(jobId),
    'programme.preview': ({ id, start, end }) => renders.preview(id, start, end),
    'programme.sourcePeaks': ({ source, maxBuckets }) => programmes.sourcePeaks(source, maxBuckets),
    'programme.cancelRender': ({ jobId }) => renders.cancelRender(jobId),
    'programme.export': ({ id, path }, caller) => files.exportFile(id, path, places(caller)),
    'programme.import': ({ path }, caller) => files.importFile(path, caller.userId),
    'programme.submit': ({ id, comment }, caller) => {
      mayChange(id, caller);
      return approvals.submit(id, actorOf(caller), comment);
    },
    'programme.withdraw': ({ id }, caller) => {
      mayChange(id, caller);
      return approvals.withdraw(id, actorOf(caller));
    },
    // Approvers change no programme: the approval's own permission is their whole rule.
    // An emergency approved by someone who may also send goes to the province at once (one step).
    'programme.approve': async ({ id, ...req }, caller) => {
      const state = await approvals.approve(id, actorOf(caller), req);
      const sent = req.emergency ? await sendAtOnce(id, caller) : null;
      return { ...state, outboxItem: sent?.item ?? null, outboxError: sent?.error ?? null };
    },
    'programme.return': ({ id, comment }, caller) => approvals.return(id, actorOf(caller), comment),
  };
}
