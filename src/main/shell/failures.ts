import { safeError } from '../log/redact';

/**
 * What the shell does when something fails outside a call: the text of the dialog before the app
 * exits, and whether a dead renderer is reloaded.
 */
export type FailureWhere = 'start' | 'main';

export interface FatalDialog {
  title: string;
  content: string;
}

/** Names what happened (the kind of error, never its message: it may quote personal data) and where the log is. */
export function fatalDialog(error: unknown, where: FailureWhere, logFile: string | null): FatalDialog {
  const e = safeError(error);
  const what = e.code ? `${e.type} (${e.code})` : e.type;
  const title = where === 'start' ? 'IXO Back Office could not start' : 'IXO Back Office has to close';
  const lead = where === 'start' ? `Starting the app failed with ${what}.` : `An unexpected ${what} happened in the app.`;
  const saved = 'Everything you had saved is kept; the change you were making may not have been saved.';
  const log = logFile ? `The details are in the log file:\n${logFile}\nSend that file to support if it happens again.` : 'The log file could not be opened.';
  return { title, content: `${lead}\n${where === 'main' ? `${saved}\n` : ''}\n${log}` };
}

/**
 * A renderer that is gone is reloaded into a safe screen (the core locks a staff session and keeps
 * a kiosk); after `maxCrashes` within `windowMs` the app gives up instead of looping.
 */
export function afterRendererGone(reason: string, recentCrashesMs: readonly number[], nowMs: number, opts = { maxCrashes: 3, windowMs: 60_000 }): 'reload' | 'quit' | 'ignore' {
  if (reason === 'clean-exit') return 'ignore';
  const recent = recentCrashesMs.filter((t) => nowMs - t < opts.windowMs).length;
  return recent >= opts.maxCrashes ? 'quit' : 'reload';
}
