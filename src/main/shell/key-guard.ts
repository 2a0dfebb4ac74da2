/**
 * The kiosk's key guard: while the booth kiosk is up, the main process swallows the keys that
 * would reload, close, open DevTools, zoom, print, navigate or switch windows
 * (webContents 'before-input-event'). Text entry and the editing shortcuts stay.
 */
export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

const EDITING = new Set(['a', 'c', 'v', 'x', 'z', 'y']);

export function kioskSwallows(input: KeyInput, platform: NodeJS.Platform): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key;
  // F1–F24 (F5 reload, F11 full screen, F12 DevTools, Alt+F4 close) and the browser keys.
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(key) || key.startsWith('Browser') || key === 'ContextMenu') return true;
  // Alone, Alt opens the menu bar on Windows and Linux.
  if (key === 'Alt' || key === 'AltGraph') return platform !== 'darwin' && key === 'Alt';
  const printable = [...key].length === 1;
  // AltGr on Windows arrives as Ctrl+Alt: it types characters such as @ on a Finnish keyboard.
  if (input.control && input.alt && !input.meta && printable && platform !== 'darwin') return false;
  // Option on macOS types characters too (Option+2 is @ on a Finnish Mac keyboard).
  if (input.alt && !input.control && !input.meta && printable && platform === 'darwin') return false;
  const command = platform === 'darwin' ? input.meta : input.control;
  const other = platform === 'darwin' ? input.control : input.meta;
  if (command || other) {
    if (command && !other && !input.alt && printable && EDITING.has(key.toLowerCase())) return false;
    return true;
  }
  // Alt+arrows navigate back and forward; Alt+Tab and Alt+Space reach the window manager.
  if (input.alt) return true;
  return false;
}
