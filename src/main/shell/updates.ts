/**
 * Updates come through electron-updater from the feed set at build time (IXO_UPDATE_URL, see
 * electron-builder.config.mjs), which electron-builder writes into the package as app-update.yml.
 * Without one, nothing is checked.
 */
export function updatesEnabled(opts: { packaged: boolean; updateConfigExists: boolean }): boolean {
  return opts.packaged && opts.updateConfigExists;
}

/** The feed URL from the build environment: https only, or none. */
export function updateFeedUrl(env: Record<string, string | undefined>): string | null {
  const raw = env['IXO_UPDATE_URL']?.trim();
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`IXO_UPDATE_URL is not a URL: ${raw}`);
  }
  if (u.protocol !== 'https:') throw new Error(`IXO_UPDATE_URL must be an https URL: ${raw}`);
  return u.href;
}
