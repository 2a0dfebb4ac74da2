import os from 'node:os';

/**
 * How much lower than the main thread a worker thread runs (nice steps). On a laptop with few
 * cores, a job's thread and the main thread compete for the same core: at equal priority the
 * scheduler let the main thread wait tens of milliseconds for its turn, and every window with it.
 * Jobs go lowest; the query worker answers the user's own searches, and the checkpoint worker keeps
 * the WAL short for every reader, so they sit between.
 */
export const WORKER_NICE_STEPS = { job: 10, query: 5, checkpoint: 5 } as const;

/**
 * Lowers the calling thread's scheduling priority by `steps` (capped at the lowest, 19). Linux
 * only: there, setpriority(PRIO_PROCESS, 0) changes the calling thread alone; on macOS and
 * Windows it changes the whole process, the main thread included, so there it does nothing.
 * Returns the thread's new nice value, or null when it left the priority as it was.
 */
export function lowerThisThread(steps: number, platform: NodeJS.Platform = process.platform): number | null {
  if (platform !== 'linux') return null;
  try {
    const nice = Math.min(19, os.getPriority(0) + steps);
    os.setPriority(0, nice);
    return nice;
  } catch {
    // A sandbox may forbid it; the thread keeps running at the main thread's priority.
    return null;
  }
}
