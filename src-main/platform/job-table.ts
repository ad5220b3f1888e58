import { StudioError } from '../contract';
import { createLimiter, type Limiter } from './limiter';

/** What every background job shows: an id, and whether it is still running. */
export interface JobLike {
  id: string;
  state: string;
}

interface Running<J, R> {
  job: J;
  controller: AbortController;
  done: Promise<R>;
}

export interface JobTableOptions<J> {
  /** The Vietnamese message when an id is unknown (a job from before a restart, most often). */
  notFound: string;
  /** Finished jobs kept for status calls; the oldest go first. Unlimited when not given. */
  keepFinished?: number;
  /** A copy of a job for callers, so that nobody outside the service changes the live one. */
  snapshot?: (job: J) => J;
  /** Jobs whose work runs at once (JOBS_AT_ONCE when not given); the others wait their turn. */
  concurrency?: number;
}

/**
 * Jobs of one kind that work at once. Each runs ffmpeg (an import two at a time): thirty imports
 * asked for at once started over thirty programs on the studio PC.
 */
export const JOBS_AT_ONCE = 2;

/**
 * The background jobs of one kind (imports, exports, programme renders): each runs with its own
 * AbortController, is looked up by id for status, cancel and wait, and every running one is cancelled
 * and awaited when the studio closes. The job object is the service's to update as work goes on.
 */
export class JobTable<J extends JobLike, R> {
  private readonly jobs = new Map<string, Running<J, R>>();
  private readonly snapshot: (job: J) => J;
  private readonly limiter: Limiter;

  constructor(private readonly options: JobTableOptions<J>) {
    this.snapshot = options.snapshot ?? ((job) => ({ ...job }));
    this.limiter = createLimiter({ concurrency: options.concurrency ?? JOBS_AT_ONCE, queue: Infinity });
  }

  /**
   * Takes `job` and returns a copy of it; `run` starts when fewer than `concurrency` jobs of the
   * table are working, in the order asked. A job cancelled while it waits starts with its signal
   * already aborted, so `run` must end at once then. `run` must settle, never hang.
   */
  start(job: J, run: (signal: AbortSignal) => Promise<R>): J {
    const controller = new AbortController();
    this.jobs.set(job.id, { job, controller, done: this.limiter.run(() => run(controller.signal)) });
    this.forgetOld();
    return this.snapshot(job);
  }

  status(id: string): J {
    return this.snapshot(this.get(id).job);
  }

  /** Asks a running job to stop; a finished one is left as it is. */
  cancel(id: string): J {
    const r = this.get(id);
    if (r.job.state === 'running') r.controller.abort();
    return this.snapshot(r.job);
  }

  /** Resolves when the job is over, with what its work returned. */
  wait(id: string): Promise<R> {
    return this.get(id).done;
  }

  /** The live jobs still running (for checks such as "is a job already writing this file"). */
  running(): J[] {
    return [...this.jobs.values()].filter((r) => r.job.state === 'running').map((r) => r.job);
  }

  /** Cancels every running job and waits for them (shutdown). */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((r) => r.job.state === 'running');
    for (const r of running) r.controller.abort();
    await Promise.all(running.map((r) => r.done));
  }

  private get(id: string): Running<J, R> {
    const r = this.jobs.get(id);
    if (!r) throw new StudioError('NOT_FOUND', this.options.notFound);
    return r;
  }

  private forgetOld(): void {
    const keep = this.options.keepFinished;
    if (keep === undefined) return;
    const finished = [...this.jobs.values()].filter((r) => r.job.state !== 'running');
    for (const r of finished.slice(0, Math.max(0, finished.length - keep))) this.jobs.delete(r.job.id);
  }
}
