import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../../../shared/contract/auth';
import { FormError } from '../../components/FormError';
import { useSession } from '../../lib/session-store';

/** Covers the app while the session is locked; only the same staff member's password opens it. */
export function LockScreen({ session }: { session: SessionInfo }) {
  const { setSession, signOut } = useSession();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await window.api.auth.unlock({ password });
    setBusy(false);
    setPassword('');
    if (r.ok) setSession(r.value);
    else setError(r.error.message);
  };
  return (
    <Modal opened onClose={() => {}} withCloseButton={false} closeOnEscape={false} closeOnClickOutside={false} centered title="Session locked" overlayProps={{ backgroundOpacity: 0.9, blur: 8 }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            Locked for {session.displayName}. Enter your password to continue.
          </Text>
          <PasswordInput label="Password" autoFocus autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <FormError message={error} />
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => void signOut()}>
              Sign out
            </Button>
            <Button type="submit" loading={busy}>
              Unlock
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
