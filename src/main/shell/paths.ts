import path from 'node:path';

/**
 * The folders the shell uses. The user-data folder is named after the package, not the product
 * name, so that renaming the product never moves anybody's data. The dev-only overrides
 * (IXO_USER_DATA_DIR, IXO_KEYCHAIN_SERVICE, used by the e2e harness) apply only to an unpackaged app.
 */
export const USER_DATA_FOLDER = 'ixo-backoffice';

export interface ShellPaths {
  userData: string;
  dataDir: string;
  logDir: string;
  keychainService: string | undefined;
}

export function shellPaths(opts: { packaged: boolean; appData: string; env: Record<string, string | undefined> }): ShellPaths {
  const devOnly = (name: string) => (opts.packaged ? undefined : opts.env[name] || undefined);
  const userData = devOnly('IXO_USER_DATA_DIR') ?? path.join(opts.appData, USER_DATA_FOLDER);
  return {
    userData,
    dataDir: opts.env['IXO_DATA_DIR'] || path.join(userData, 'data'),
    logDir: path.join(userData, 'logs'),
    keychainService: devOnly('IXO_KEYCHAIN_SERVICE'),
  };
}
