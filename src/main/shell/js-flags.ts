/**
 * V8 flags the main process runs with. V8's memory reducer compacts a heap once the process looks
 * idle, which in the main process is while the jobs run: that collection held the main thread for
 * 44–66 ms in the benchmark's day, and with the reducer off no stall reached 50 ms (README,
 * benchmark). Ordinary collections still run as the heap grows.
 *
 * Electron gives `--js-flags` to the main process only from the command line that starts it; set
 * from code, they reach the renderers alone. So `npm start`, `npm run dev` and the Linux desktop
 * entry pass them, and an app started without them (the Windows and macOS shortcuts, a terminal)
 * starts itself again once with them, before it opens anything.
 */
export const MAIN_JS_FLAGS: readonly string[] = ['--no-memory-reducer'];

export const JS_FLAGS_SWITCH = `--js-flags=${MAIN_JS_FLAGS.join(' ')}`;

/** Set in the environment of the second start, so a command line that loses the flags cannot loop. */
export const RELAUNCHED_ENV = 'IXO_JS_FLAGS_RELAUNCHED';

const PREFIX = '--js-flags=';

/**
 * How to start again (app.relaunch's options), or null when the main process already has the flags
 * or this is the second start. `args` are the arguments after the executable; MAIN_JS_FLAGS are
 * added to any --js-flags already given. An AppImage is started again from its file: the folder it
 * runs from is unmounted when this process ends.
 */
export function jsFlagsRelaunch(args: readonly string[], env: Readonly<Record<string, string | undefined>>): { args: string[]; execPath?: string } | null {
  const relaunchArgs = jsFlagsRelaunchArgs(args, env);
  if (!relaunchArgs) return null;
  const appImage = env['APPIMAGE'];
  return appImage ? { args: relaunchArgs, execPath: appImage } : { args: relaunchArgs };
}

/** The arguments to start again with, or null when none is needed (see jsFlagsRelaunch). */
export function jsFlagsRelaunchArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] | null {
  if (env[RELAUNCHED_ENV]) return null;
  // Chromium stops reading switches at `--`; a --js-flags after it is an argument of the app.
  const end = args.indexOf('--');
  const switches = end === -1 ? args : args.slice(0, end);
  const at = switches.findIndex((a) => a.startsWith(PREFIX));
  const given = at === -1 ? [] : switches[at]!.slice(PREFIX.length).split(/\s+/).filter(Boolean);
  const missing = MAIN_JS_FLAGS.filter((f) => !given.includes(f));
  if (missing.length === 0) return null;
  const merged = `${PREFIX}${[...given, ...missing].join(' ')}`;
  if (at === -1) return [merged, ...args];
  const out = [...args];
  out[at] = merged;
  return out;
}
