// Code signing, notarization and the update feed of a build, from the usual environment
// variables (electron-builder reads the secrets itself; this only decides and explains).

const has = (env, ...names) => names.every((n) => typeof env[n] === 'string' && env[n].trim() !== '');

/** The update feed URL set at build time (IXO_UPDATE_URL): https only, or null for no updates. */
export function updateFeedUrl(env) {
  const raw = env.IXO_UPDATE_URL?.trim();
  if (!raw) return null;
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`IXO_UPDATE_URL is not a URL: ${raw}`);
  }
  if (u.protocol !== 'https:') throw new Error(`IXO_UPDATE_URL must be an https URL, not ${u.protocol}`);
  return u.href;
}

export function signingPlan(env) {
  const messages = [];
  const macCert = has(env, 'CSC_LINK') || has(env, 'CSC_NAME');
  const notarize = has(env, 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER') || has(env, 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID') || has(env, 'APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE');
  const winCert = has(env, 'WIN_CSC_LINK') || has(env, 'CSC_LINK') || has(env, 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET');
  const mac = macCert ? { notarize } : { identity: null, notarize: false };
  if (!macCert) messages.push('macOS: no CSC_LINK or CSC_NAME, so the app is not signed and not notarized (Gatekeeper will warn).');
  else if (!notarize) messages.push('macOS: signed, but not notarized: set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER (or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID).');
  if (!winCert) messages.push('Windows: no WIN_CSC_LINK or CSC_LINK, so the installer is not signed (SmartScreen will warn).');
  const feed = updateFeedUrl(env);
  if (!feed) messages.push('Updates: IXO_UPDATE_URL is not set, so the app will not look for updates.');
  return { mac, win: {}, updateFeedUrl: feed, messages };
}
