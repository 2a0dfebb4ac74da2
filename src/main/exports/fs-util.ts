import fs from 'node:fs';

/** Opens a new file for an export: refuses to follow or replace anything already there; owner-only. */
export function createExclusive(file: string): number {
  return fs.openSync(file, 'wx', 0o600);
}

export function closeQuietly(fd: number | null): void {
  if (fd === null) return;
  try {
    fs.closeSync(fd);
  } catch {
    // already closed
  }
}

export function unlinkQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
