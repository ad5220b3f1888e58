import { describe, expect, it } from 'vitest';
import { StudioError } from '../../src-main/contract';
import { JobTable } from '../../src-main/platform/job-table';

interface Job {
  id: string;
  state: 'running' | 'finished' | 'cancelled';
}

/** Work that runs until it is told to stop, or until `finish` is called. */
function work(job: Job) {
  let finish!: () => void;
  const run = (signal: AbortSignal) =>
    new Promise<string>((resolve) => {
      finish = () => {
        job.state = 'finished';
        resolve('done');
      };
      signal.addEventListener('abort', () => {
        job.state = 'cancelled';
        resolve('stopped');
      });
    });
  return { run, finish: () => finish() };
}

describe('JobTable', () => {
  it('starts, reports, cancels and waits for a job; callers get copies', async () => {
    const table = new JobTable<Job, string>({ notFound: 'Không tìm thấy việc này.' });
    const job: Job = { id: 'a', state: 'running' };
    const w = work(job);
    const started = table.start(job, w.run);
    started.state = 'finished'; // a copy: the live job is not changed by the caller
    expect(table.status('a').state).toBe('running');
    expect(table.running().map((j) => j.id)).toEqual(['a']);
    expect(table.cancel('a').state).toBe('cancelled');
    await expect(table.wait('a')).resolves.toBe('stopped');
    expect(table.running()).toEqual([]);
  });

  it('leaves a finished job alone when asked to cancel it', async () => {
    const table = new JobTable<Job, string>({ notFound: 'x' });
    const job: Job = { id: 'b', state: 'running' };
    const w = work(job);
    table.start(job, w.run);
    w.finish();
    await table.wait('b');
    expect(table.cancel('b').state).toBe('finished');
  });

  it('answers an unknown id with NOT_FOUND and the given Vietnamese message', () => {
    const table = new JobTable<Job, string>({ notFound: 'Không tìm thấy lượt xuất tệp này.' });
    expect(() => table.status('nope')).toThrow(StudioError);
    expect(() => table.cancel('nope')).toThrow('Không tìm thấy lượt xuất tệp này.');
  });

  it('keeps only the newest finished jobs when told to', async () => {
    const table = new JobTable<Job, string>({ notFound: 'x', keepFinished: 1 });
    for (const id of ['1', '2', '3']) {
      const job: Job = { id, state: 'running' };
      const w = work(job);
      table.start(job, w.run);
      w.finish();
      await table.wait(id);
    }
    // '1' was forgotten when '3' started ('1' and '2' were finished then, and one is kept).
    expect(() => table.status('1')).toThrow(StudioError);
    expect(table.status('2').state).toBe('finished');
    expect(table.status('3').state).toBe('finished');
  });

  it('close() cancels every running job and waits for it', async () => {
    const table = new JobTable<Job, string>({ notFound: 'x' });
    const jobs: Job[] = [
      { id: 'p', state: 'running' },
      { id: 'q', state: 'running' },
    ];
    for (const job of jobs) table.start(job, work(job).run);
    await table.close();
    expect(jobs.map((j) => j.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('works on two jobs at once; the next starts when one ends, and one cancelled while waiting ends at once', async () => {
    const table = new JobTable<Job, string>({ notFound: 'Không tìm thấy việc này.' });
    const started: string[] = [];
    const jobs = ['a', 'b', 'c', 'd'].map((id) => ({ id, state: 'running' as Job['state'] }));
    const works = jobs.map((job) => {
      const w = work(job);
      return {
        ...w,
        run: (signal: AbortSignal) => {
          started.push(job.id);
          if (signal.aborted) {
            job.state = 'cancelled';
            return Promise.resolve('stopped before it began');
          }
          return w.run(signal);
        },
      };
    });
    jobs.forEach((job, i) => table.start(job, works[i]!.run));
    expect(started).toEqual(['a', 'b']);
    table.cancel('d');
    works[0]!.finish();
    await expect(table.wait('a')).resolves.toBe('done');
    expect(started).toEqual(['a', 'b', 'c']);
    works[1]!.finish();
    await expect(table.wait('d')).resolves.toBe('stopped before it began');
    works[2]!.finish();
    await expect(table.wait('c')).resolves.toBe('done');
  });
});
