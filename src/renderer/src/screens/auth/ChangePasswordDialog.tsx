import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { authFeature } from '../../../../shared/contract/auth';
import { PASSWORD_MIN } from '../../../../shared/fields';
import { FormError } from '../../components/FormError';
import { useChannelMutation } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useT } from '../../i18n';

const schema = authFeature.channels['auth.changePassword'].input;
type Values = z.input<typeof schema>;

/** Any signed-in staff member changes their own password here. */
export function ChangePasswordDialog({ opened, onClose, onChanged }: { opened: boolean; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t('auth.changePassword.title')}>
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
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: keyedResolver(schema),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });
  const mutation = useChannelMutation('auth.changePassword');
  const onSubmit = useSubmitOnce(handleSubmit(async (values) => {
    setFormError(null);
    const r = await mutation.run(values);
    if (r.ok) onDone();
    else setFormError(applyServerErrors(r.error, setError, errorText, fe));
  }));
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <PasswordInput label={t('auth.changePassword.current')} autoComplete="current-password" data-autofocus {...register('currentPassword')} error={fe(e.currentPassword)} />
        <PasswordInput label={t('auth.changePassword.new')} description={t('auth.passwordHint', { min: PASSWORD_MIN })} autoComplete="new-password" {...register('newPassword')} error={fe(e.newPassword)} />
        <PasswordInput label={t('auth.changePassword.confirm')} autoComplete="new-password" {...register('confirmPassword')} error={fe(e.confirmPassword)} />
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={formState.isSubmitting}>
            {t('auth.changePassword.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
