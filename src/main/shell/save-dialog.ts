import type { SaveDialogOptions } from '../context';

/** Options for dialog.showSaveDialog. Linux asks before overwriting only when told to. */
export function saveDialogOptions(opts: SaveDialogOptions): {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('showOverwriteConfirmation' | 'createDirectory' | 'dontAddToRecent')[];
} {
  return {
    title: opts.title,
    defaultPath: opts.defaultName,
    filters: opts.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
    properties: ['showOverwriteConfirmation', 'createDirectory', 'dontAddToRecent'],
  };
}
