import fs from 'node:fs';
import path from 'node:path';
import { appError } from '../../shared/errors';

const inside = (dir: string, file: string) => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * The path the native save dialog returned, checked: an absolute path in an existing, writable
 * folder, not a folder itself, and never inside the app's data folder. A file there could replace
 * an encrypted store, and a plaintext copy of personal data beside the stores would escape erasure.
 */
export function checkSavePath(chosen: string, dataDir: string): string {
  if (!path.isAbsolute(chosen)) throw appError('files.no_path');
  let dir: string;
  try {
    dir = fs.realpathSync(path.dirname(chosen));
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw appError('files.folder_unwritable');
  }
  const file = path.join(dir, path.basename(chosen));
  let data = path.resolve(dataDir);
  try {
    data = fs.realpathSync(data);
  } catch {
    // not created yet: compare the plain path
  }
  if (inside(data, file)) throw appError('files.in_data_folder');
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw appError('files.is_folder');
  return file;
}
