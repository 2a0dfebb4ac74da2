import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../../../shared/contract/auth';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { useSession } from '../../lib/session-store';
import { useErrorText, useT } from '../../i18n';

/**
 * Covers the app while the session is locked; only the same staff member's password opens it.
 * The screen behind stays mounted (unsaved work survives) but is blurred out and unreachable:
 * the modal traps focus and the core refuses every call but unlock until then.
 */
export function LockScreen({ session }: { session: SessionInfo }) {
  const t = useT();
  const errorText = useErrorText();
  const { setSession, signOut } = useSession();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password) {
      setError(t('auth.lock.enterPassword'));
      return;
    }
    setBusy(true);
    setError(null);
    const r = await call(window.api.auth.unlock({ password }));
    setBusy(false);
    setPassword('');
    if (r.ok) setSession(r.value);
    else setError(errorText(r.error));
  };
  return (
    <Modal
      opened
      onClose={() => {}}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      centered
      title={t('auth.lock.title')}
      overlayProps={{ backgroundOpacity: 0.92, blur: 12 }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Text size="sm">
            {t('auth.lock.body', { name: session.displayName })}
          </Text>
          <PasswordInput label={t('auth.password')} data-autofocus autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <FormError message={error} title={t('auth.lock.notUnlocked')} />
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => void signOut()}>
              {t('shell.signOut')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('auth.lock.unlock')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
