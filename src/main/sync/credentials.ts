import { z } from 'zod';
import { PROFILES, tokens } from '../../shared/sync';
import type { KeyVault } from '../keychain/vault';

/**
 * The device's credential: which hub, who this device is, and its access and refresh tokens. It
 * lives only in the OS keychain (through the KeyVault), never in a file.
 */

export const CREDENTIAL_ACCOUNT = 'sync-credential';

const credential = z.object({
  hubUrl: z.string(),
  deviceId: z.string(),
  name: z.string(),
  profile: z.enum(PROFILES),
  tokens,
});
export type Credential = z.infer<typeof credential>;

export async function loadCredential(vault: KeyVault): Promise<Credential | null> {
  const raw = await vault.get(CREDENTIAL_ACCOUNT);
  if (raw === null || raw === '') return null;
  const parsed = credential.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

/** Written before the new tokens are used, so a rotated refresh token is never lost by this process. */
export async function saveCredential(vault: KeyVault, c: Credential): Promise<void> {
  await vault.set(CREDENTIAL_ACCOUNT, JSON.stringify(c));
}
