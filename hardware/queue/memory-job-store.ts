// An in-memory PrintJobStore for tests and demo mode (the box uses the printing room's SQLite tables).
import type { PendingJob, PrintJobKind, PrintJobStore } from './print-queue.ts';

export interface MemoryJob extends PendingJob {
  printerId: string;
  status: 'queued' | 'printed' | 'dropped';
  lastError: string | null;
  printedAt: number | null;
}

export class MemoryJobStore implements PrintJobStore {
  readonly jobs: MemoryJob[] = [];
  #sequence = 0;

  add(printerId: string, bytes: Uint8Array, options: { kind?: PrintJobKind; createdAt?: number; faultBytes?: Uint8Array } = {}): MemoryJob {
    const job: MemoryJob = {
      id: `job-${++this.#sequence}`,
      printerId,
      kind: options.kind ?? 'receipt',
      bytes,
      faultBytes: options.faultBytes ?? null,
      createdAt: options.createdAt ?? Date.now(),
      attempts: 0,
      status: 'queued',
      lastError: null,
      printedAt: null,
    };
    this.jobs.push(job);
    return job;
  }

  get(id: string): MemoryJob {
    const job = this.jobs.find((candidate) => candidate.id === id);
    if (!job) throw new Error(`no job ${id}`);
    return job;
  }

  nextJob(printerId: string): PendingJob | null {
    return this.jobs.find((job) => job.printerId === printerId && job.status === 'queued') ?? null;
  }

  jobPrinted(jobId: string, at: number): void {
    Object.assign(this.get(jobId), { status: 'printed', printedAt: at, lastError: null });
  }

  jobAttemptFailed(jobId: string, reason: string, attempts: number): void {
    Object.assign(this.get(jobId), { attempts, lastError: reason });
  }

  jobDropped(jobId: string, reason: string): void {
    Object.assign(this.get(jobId), { status: 'dropped', lastError: reason });
  }

  queuedCount(printerId: string): number {
    return this.jobs.filter((job) => job.printerId === printerId && job.status === 'queued').length;
  }
}
