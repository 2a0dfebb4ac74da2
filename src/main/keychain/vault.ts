/**
 * Where secrets live. The real one is the OS keychain through keytar; tests of other things may use
 * the in-memory one. There is deliberately no file-backed vault: keys never touch the disk.
 */
export interface KeyVault {
  /** Throws KeychainUnavailableError when there is no keychain service to talk to. */
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves when the keychain answers; rejects with KeychainUnavailableError when it cannot. */
  probe(): Promise<void>;
}

export class KeychainUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The system keychain could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'KeychainUnavailableError';
  }
}

export function memoryVault(initial: Record<string, string> = {}): KeyVault & { entries: Map<string, string> } {
  const entries = new Map(Object.entries(initial));
  return {
    entries,
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => {
      entries.set(account, secret);
    },
    probe: async () => {},
  };
}
