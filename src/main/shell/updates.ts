/**
 * Updates come through electron-updater from the feed set at build time (IXO_UPDATE_URL, see
 * scripts/signing.mjs), which electron-builder writes into the package as app-update.yml.
 * Without one, nothing is checked.
 */
export function updatesEnabled(opts: { packaged: boolean; updateConfigExists: boolean }): boolean {
  return opts.packaged && opts.updateConfigExists;
}
