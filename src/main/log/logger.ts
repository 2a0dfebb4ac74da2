import path from 'node:path';
import pino from 'pino';
import { safeError } from './redact';
import { RotatingFile } from './rotating-file';

/**
 * The one logger of the main process. Everything that fails in main or in the core is logged
 * through it; `fields` carry an `err` (reduced by safeError) and fixed names such as the channel,
 * never user input.
 */
export interface Logger {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {} };

/** Keys that could hold personal data are censored wherever a caller puts them by mistake. */
export const REDACTED_KEYS = ['input', 'value', 'values', 'password', 'email', 'name', 'displayName', 'phone', 'address', 'text', 'body', 'details', 'answers', 'birthDate', 'username'];

export interface FileLog {
  logger: Logger;
  file: string;
  close(): void;
}

/** A pino logger writing JSON lines to `<dir>/main.log`, rotated at `maxBytes`, `keep` old files kept. */
export function openFileLog(opts: { dir: string; maxBytes?: number; keep?: number }): FileLog {
  const out = new RotatingFile(path.join(opts.dir, 'main.log'), opts.maxBytes ?? 1_000_000, opts.keep ?? 3);
  const logger = pino(
    {
      base: undefined,
      serializers: { err: safeError },
      redact: { paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((k) => `*.${k}`)], censor: '[redacted]' },
    },
    { write: (line: string) => out.write(line) },
  );
  return { logger, file: out.file, close: () => out.close() };
}
