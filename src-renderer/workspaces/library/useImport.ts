import { useCallback, useEffect, useState } from 'react';
import type { ImportJob } from '../../../src-main/contract';
import { stageFiles } from '../../studio/stage-files';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';

export interface ImportState {
  /** 0..1 while the web host receives the files' bytes; null otherwise. */
  uploading: number | null;
  job: ImportJob | null;
  error: StudioCallError | null;
  /** `language` undefined: main decides from each file's tags (a song is "Không lời"). */
  start(files: File[], language: string | undefined): void;
  cancel(): void;
  dismiss(): void;
}

/** One import batch at a time: upload (web host only), then the background job with its events. */
export function useImport(): ImportState {
  const { client } = useStudio();
  const [uploading, setUploading] = useState<number | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const jobId = job?.id;

  useEffect(() => {
    if (!jobId) return;
    const refresh = () =>
      void client.api.library
        .importStatus({ jobId })
        .then(setJob)
        // A status that could not be read is asked for again at the job's next event.
        .catch(() => undefined);
    const offs = [
      client.api.on('import.progress', (e) => e.jobId === jobId && refresh()),
      client.api.on('import.finished', (e) => e.jobId === jobId && refresh()),
    ];
    // The job may have moved on, or finished, before this listens: a small file imports in
    // milliseconds, and its events can come before the page has rendered the job. Without this
    // the panel stayed at "Đang nhập 0/1 tệp … Đang chờ" for good.
    refresh();
    return () => offs.forEach((off) => off());
  }, [client, jobId]);

  const start = useCallback(
    (files: File[], language: string | undefined) => {
      if (files.length === 0) return;
      setError(null);
      setUploading(0);
      void (async () => {
        try {
          const paths = await stageFiles(files, setUploading);
          setUploading(null);
          setJob(await client.api.library.import({ paths, metadata: language ? { language } : {} }));
        } catch (err) {
          setUploading(null);
          setError(toStudioCallError(err));
        }
      })();
    },
    [client],
  );

  const cancel = useCallback(() => {
    if (jobId) void client.api.library.cancelImport({ jobId }).then(setJob);
  }, [client, jobId]);

  const dismiss = useCallback(() => {
    setJob(null);
    setError(null);
  }, []);

  return { uploading, job, error, start, cancel, dismiss };
}
