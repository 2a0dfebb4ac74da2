import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { authFeature } from '../../../../shared/contract/auth';
import { PASSWORD_MIN } from '../../../../shared/fields';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';

const schema = authFeature.channels['auth.changePassword'].input;
type Values = z.input<typeof schema>;

/** Any signed-in staff member changes their own password here. */
export function ChangePasswordDialog({ opened, onClose, onChanged }: { opened: boolean; onClose: () => void; onChanged: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Change your password">
      {opened && (
        <ChangePasswordForm
          onCancel={onClose}
          onDone={() => {
            onClose();
            onChanged();
          }}
        />
      )}
    </Modal>
  );
}

function ChangePasswordForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const r = await call(window.api.auth.changePassword(values));
    if (r.ok) onDone();
    else setFormError(applyServerErrors(r.error, setError));
  });
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <PasswordInput label="Current password" autoComplete="current-password" data-autofocus {...register('currentPassword')} error={e.currentPassword?.message} />
        <PasswordInput label="New password" description={`At least ${PASSWORD_MIN} characters.`} autoComplete="new-password" {...register('newPassword')} error={e.newPassword?.message} />
        <PasswordInput label="Confirm new password" autoComplete="new-password" {...register('confirmPassword')} error={e.confirmPassword?.message} />
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={formState.isSubmitting}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
