import { createRequire } from 'node:module';
import { KeychainUnavailableError, type KeyVault } from './vault';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
}

export const KEYCHAIN_SERVICE = 'fi.ixo.backoffice';

/**
 * `modulePath` lets the Electron build load its own keytar binary (built against Electron's ABI)
 * while tests under Node load the default one.
 */
export function keytarVault(service = KEYCHAIN_SERVICE, modulePath = 'keytar'): KeyVault {
  let keytar: Keytar | undefined;
  const load = (): Keytar => {
    if (keytar) return keytar;
    try {
      keytar = createRequire(import.meta.url)(modulePath) as Keytar;
      return keytar;
    } catch (e) {
      throw new KeychainUnavailableError(e);
    }
  };
  const call = async <T>(fn: (k: Keytar) => Promise<T>): Promise<T> => {
    const k = load();
    try {
      return await fn(k);
    } catch (e) {
      throw new KeychainUnavailableError(e);
    }
  };
  return {
    get: (account) => call((k) => k.getPassword(service, account)),
    set: (account, secret) => call((k) => k.setPassword(service, account, secret)),
    probe: async () => {
      await call((k) => k.getPassword(service, '__probe__'));
    },
  };
}
