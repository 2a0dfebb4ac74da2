import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { contract } from '../../../../shared/contract';
import type { SessionInfo } from '../../../../shared/contract/auth';
import { FormError } from '../../components/FormError';
import { useChannelMutation } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useSession } from '../../lib/session-store';
import { useErrorText, useFieldText, useT } from '../../i18n';

const unlockInput = contract['auth.unlock'].input;

/**
 * Covers the app while the session is locked; only the same staff member's password opens it.
 * The screen behind stays mounted (unsaved work survives) but is blurred out and unreachable:
 * the modal traps focus and the core refuses every call but unlock until then.
 */
export function LockScreen({ session }: { session: SessionInfo }) {
  const t = useT();
  const errorText = useErrorText();
  const { setSession, signOut } = useSession();
  const fe = useFieldText();
  const [formError, setFormError] = useState<string | null>(null);
  const unlock = useChannelMutation('auth.unlock');
  const { register, handleSubmit, setError, resetField, formState } = useForm<z.input<typeof unlockInput>, unknown, z.output<typeof unlockInput>>({ resolver: keyedResolver(unlockInput), defaultValues: { password: '' } });
  const submit = useSubmitOnce(
    handleSubmit(async (input) => {
      setFormError(null);
      const r = await unlock.run(input);
      resetField('password');
      if (r.ok) setSession(r.value);
      else setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );
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
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            {t('auth.lock.body', { name: session.displayName })}
          </Text>
          <PasswordInput
            label={t('auth.password')}
            data-autofocus
            autoComplete="current-password"
            {...register('password')}
            error={fe(formState.errors.password)}
          />
          <FormError message={formError} title={t('auth.lock.notUnlocked')} />
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => void signOut()}>
              {t('shell.signOut')}
            </Button>
            <Button type="submit" loading={unlock.isPending}>
              {t('auth.lock.unlock')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
