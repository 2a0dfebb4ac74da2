import type { StoreFailure, StoreProblem } from '../../shared/contract/app';

type StoreName = StoreFailure['store'];

const FILE_LABEL: Record<StoreName, string> = { customers: 'customer database', contests: 'contest database' };

function describe(store: StoreName, problem: StoreProblem, detail: string): Omit<StoreFailure, 'store' | 'problem'> {
  const label = FILE_LABEL[store];
  switch (problem) {
    case 'no_keychain':
      return {
        message: `The system keychain is not available, so the ${label} cannot be unlocked. No data file was created or changed. (${detail})`,
        action:
          'Sign in to a desktop session with a keychain (GNOME Keyring or KWallet on Linux, Keychain on macOS, Credential Manager on Windows), make sure it is unlocked, then restart the app.',
      };
    case 'key_missing':
      return {
        message: `The ${label} exists, but its key is missing from the system keychain. The file has not been changed.`,
        action:
          'Restore the keychain from backup, or sign in as the OS user who set up this app, then restart. Do not delete the data folder: without the key the data cannot be recovered.',
      };
    case 'wrong_key':
      return {
        message: `The key in the system keychain does not open the ${label}. The file has not been changed.`,
        action: 'The keychain may have been replaced or restored from a different machine. Restore the matching keychain entry, then restart the app.',
      };
    case 'corrupt':
      return {
        message: `The ${label} is damaged and cannot be read safely (${detail}). The file has been left exactly as it is.`,
        action: 'Close the app, keep a copy of the data folder, and restore the database from your latest backup. Contact support if you have none.',
      };
    case 'future_version':
      return {
        message: `The ${label} was written by a newer version of this app (${detail}). It has not been changed.`,
        action: 'Install the latest version of the app, then open it again.',
      };
    case 'io':
      return {
        message: `The ${label} could not be opened: ${detail}.`,
        action: 'Check that the data folder exists, has free disk space and is writable by your user, then restart the app.',
      };
  }
}

/** Why a store could not be opened. Carries the user-facing text so every caller shows the same words. */
export class StoreOpenError extends Error {
  readonly failure: StoreFailure;
  constructor(store: StoreName, problem: StoreProblem, detail = '') {
    const text = describe(store, problem, detail);
    super(text.message);
    this.name = 'StoreOpenError';
    this.failure = { store, problem, ...text };
  }
}
