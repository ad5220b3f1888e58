import { useEffect, useRef, useState } from 'react';
import type {
  ProgrammeRenderFormat,
  ProgrammeRenderJob,
  ProgrammeRenderReport,
  ProgrammeState,
} from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';

export const RENDER_FORMATS: ProgrammeRenderFormat[] = ['wav', 'mp3', 'opus'];

export interface ProgrammeRender {
  formats: ProgrammeRenderFormat[];
  toggleFormat(f: ProgrammeRenderFormat, on: boolean): void;
  mp3Kbps: 128 | 192;
  setMp3Kbps(kbps: 128 | 192): void;
  /** The render started from this screen, while running and after. */
  job: ProgrammeRenderJob | null;
  running: boolean;
  /** 0…100 while running. */
  percent: number;
  error: StudioCallError | null;
  /** The report to show: this screen's render once finished, else the programme's last one. */
  report: ProgrammeRenderReport | null;
  /** Whether the render can start now (not running, no problems in the programme). */
  canStart: boolean;
  start(): Promise<void>;
  cancel(): Promise<void>;
}

/**
 * One render of the programme at a time, shared by the header's button (always in view) and the
 * render tab (options, progress, report): both read and drive the same job.
 */
export function useProgrammeRender(
  id: string,
  state: ProgrammeState | null,
  onRendered: () => void,
): ProgrammeRender {
  const { client } = useStudio();
  const [formats, setFormats] = useState<ProgrammeRenderFormat[]>(RENDER_FORMATS);
  const [mp3Kbps, setMp3Kbps] = useState<128 | 192>(192);
  const [job, setJob] = useState<ProgrammeRenderJob | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const jobId = useRef<string | null>(null);
  /** Jobs that finished before their id came back. */
  const early = useRef(new Map<string, ProgrammeRenderJob>());
  const renderedRef = useRef(onRendered);
  renderedRef.current = onRendered;

  useEffect(() => {
    const offs = [
      client.api.on('programme.render.progress', (e) => {
        if (e.jobId !== jobId.current) return;
        setJob((j) =>
          j && j.id === e.jobId && j.state === 'running' ? { ...j, stage: e.stage, fraction: e.fraction } : j,
        );
      }),
      client.api.on('programme.render.finished', ({ job: done }) => {
        if (done.programmeId !== id) return;
        if (done.id === jobId.current) {
          setJob(done);
          if (done.state === 'finished') renderedRef.current();
        } else early.current.set(done.id, done);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client, id]);

  const start = async () => {
    setError(null);
    try {
      const started = await client.api.programme.render({
        id,
        formats,
        ...(formats.includes('mp3') ? { mp3Kbps } : {}),
      });
      jobId.current = started.id;
      const finished = early.current.get(started.id);
      early.current.delete(started.id);
      setJob(finished ?? started);
      if (finished?.state === 'finished') renderedRef.current();
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  const cancel = async () => {
    if (!job) return;
    try {
      const reply = await client.api.programme.cancelRender({ jobId: job.id });
      // The `finished` event may have come first: never go back to "running".
      setJob((j) => (j && j.id === reply.id && j.state !== 'running' ? j : reply));
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  const toggleFormat = (f: ProgrammeRenderFormat, on: boolean) =>
    setFormats((list) => RENDER_FORMATS.filter((x) => (x === f ? on : list.includes(x))));

  const running = job?.state === 'running';
  return {
    formats,
    toggleFormat,
    mp3Kbps,
    setMp3Kbps,
    job,
    running,
    percent: Math.round((job?.fraction ?? 0) * 100),
    error,
    report: job?.state === 'finished' ? job.report : (state?.lastRender ?? null),
    canStart: !!state && state.analysis.problems.length === 0 && !running,
    start,
    cancel,
  };
}
