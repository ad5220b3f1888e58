/**
 * A programme's bulletin metadata for the reference protocol, from what the studio knows of it: its
 * metadata (title, summary, subject, priority, communes, date and slots, authors), its last render
 * (duration, loudness, seconds per language) and its approval (who approved it, when).
 */
import { StudioError, type ProgrammeState } from '../contract';
import type { BulletinFacts } from './outbox';

/** Vietnam's time zone: the programme's date and slots are the station's wall clock. */
const STATION_OFFSET = '+07:00';

export function bulletinFactsOf(p: ProgrammeState): BulletinFacts {
  const { metadata: m, lastRender: render } = p;
  const refuse = (why: string) =>
    new StudioError('PROGRAMME_STATE', `Chương trình "${m.title}" chưa gửi lên tỉnh được: ${why}`, {
      programmeId: p.id,
    });
  if (!render) throw refuse('chưa có bản dựng.');
  if (m.communes.length === 0) {
    throw refuse(
      'chưa chọn xã/phường nhận bản tin. Hãy chọn trong thông tin chương trình rồi dựng và duyệt lại.',
    );
  }
  const approved = p.approval.history.findLast((s) => s.state === 'approved');
  if (!approved) throw refuse('chưa được duyệt.');
  const spoken = Object.entries(render.secondsByLanguage)
    .filter(([, seconds]) => seconds > 0)
    .map(([code, seconds]) => ({ code, seconds: round(seconds) }));
  return {
    title: m.title,
    summary: m.summary,
    subjectArea: m.subject.trim() || 'Chưa phân loại',
    priority: m.priority,
    // Nothing spoken (music only): the programme's first language carries the whole length.
    languages:
      spoken.length > 0 ? spoken : [{ code: m.languages[0] ?? 'vie', seconds: round(render.durationSec) }],
    targetUnits: m.communes,
    broadcastWindows:
      m.date === null
        ? []
        : m.slots.map((slot) => {
            const start = new Date(`${m.date}T${slot}:00${STATION_OFFSET}`);
            const end = new Date(start.getTime() + Math.ceil(render.durationSec) * 1000);
            return { start: start.toISOString(), end: end.toISOString() };
          }),
    durationSeconds: round(render.durationSec),
    loudness: {
      integratedLufs: render.integratedLufs,
      truePeakDbtp: render.truePeakDbtp,
      preset: render.preset,
    },
    authors: m.authors.filter((a) => a.trim()).map((name) => ({ name: name.trim() })),
    approval: { approver: approved.byName ?? 'Quản trị viên', approvedAt: approved.at },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
