import { DEFAULT_MP3_KBPS, DEFAULT_OPUS_KBPS, DEFAULT_WAV_BIT_DEPTH } from '../../contract';
import type { ProgrammeServices } from '../../programme/services';
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
  | 'programme.import';

/** `places`: where a caller's request may have a render or an export written. */
export function programmeHandlers(
  { programmes, files, renders }: ProgrammeServices,
  places: PlacesFor,
): Pick<Handlers, ProgrammeCallName> {
  return {
    'programme.list': ({ onlyDeleted }) => programmes.list(onlyDeleted),
    'programme.create': (request) => programmes.create(request),
    'programme.get': ({ id }) => programmes.get(id),
    'programme.update': ({ id, metadata, ducking, expectedRevision }) =>
      programmes.update(id, { metadata, ducking }, expectedRevision),
    'programme.apply': ({ id, op, expectedRevision }) => programmes.apply(id, op, expectedRevision),
    'programme.undo': ({ id, expectedRevision }) => programmes.undo(id, expectedRevision),
    'programme.redo': ({ id, expectedRevision }) => programmes.redo(id, expectedRevision),
    'programme.trash': ({ id }) => programmes.trash(id),
    'programme.restore': ({ id }) => programmes.restore(id),
    'programme.purge': ({ id }) => programmes.purge(id),
    'programme.templates.list': () => programmes.templates(),
    'programme.templates.save': (request) => programmes.saveTemplate(request),
    'programme.templates.remove': ({ templateId }) => programmes.removeTemplate(templateId),
    'programme.render': (request, caller) => renders.startRender(request, places(caller)),
    'programme.renderFiles': async ({ programme, files: outputFiles, ...formats }, caller, signal) => {
      for (const f of outputFiles) await places(caller).assertMayWrite(f.file);
      const doc =
        'id' in programme ? await programmes.document(programme.id) : await files.readFile(programme.file);
      const outputs = {
        files: outputFiles,
        mp3Kbps: formats.mp3Kbps ?? DEFAULT_MP3_KBPS,
        opusKbps: formats.opusKbps ?? DEFAULT_OPUS_KBPS,
        wavBitDepth: formats.wavBitDepth ?? DEFAULT_WAV_BIT_DEPTH,
      };
      return renders.renderFiles(doc, 'id' in programme ? programme.id : null, outputs, signal);
    },
    'programme.renderStatus': ({ jobId }) => renders.renderStatus(jobId),
    'programme.preview': ({ id, start, end }) => renders.preview(id, start, end),
    'programme.sourcePeaks': ({ source, maxBuckets }) => programmes.sourcePeaks(source, maxBuckets),
    'programme.cancelRender': ({ jobId }) => renders.cancelRender(jobId),
    'programme.export': ({ id, path }, caller) => files.exportFile(id, path, places(caller)),
    'programme.import': ({ path }) => files.importFile(path),
  };
}
