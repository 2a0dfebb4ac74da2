import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { firstAdminInput } from '../../../../shared/contract/auth';
import { PASSWORD_MIN } from '../../../../shared/fields';
import { FormError } from '../../components/FormError';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useChannelMutation } from '../../data';
import { useErrorText, useFieldText, useT } from '../../i18n';
import { useSession } from '../../lib/session-store';
import { CenteredCard } from './CenteredCard';

type Values = z.input<typeof firstAdminInput>;

export function FirstRunScreen() {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const setSession = useSession((s) => s.setSession);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: keyedResolver(firstAdminInput),
    defaultValues: { username: '', displayName: '', password: '', confirmPassword: '' },
  });
  const mutation = useChannelMutation('auth.createFirstAdmin');
  const onSubmit = useSubmitOnce(handleSubmit(async (values) => {
    setFormError(null);
    const r = await mutation.run(values);
    if (r.ok) setSession(r.value);
    else setFormError(applyServerErrors(r.error, setError, errorText, fe));
  }));
  const e = formState.errors;
  return (
    <CenteredCard title={t('auth.firstRun.title')} subtitle={t('auth.firstRun.subtitle')} aside={<LanguageSwitch />}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label={t('auth.username')} autoComplete="username" autoFocus {...register('username')} error={fe(e.username)} />
          <TextInput label={t('auth.displayName')} {...register('displayName')} error={fe(e.displayName)} />
          <PasswordInput label={t('auth.password')} description={t('auth.passwordHint', { min: PASSWORD_MIN })} autoComplete="new-password" {...register('password')} error={fe(e.password)} />
          <PasswordInput label={t('auth.firstRun.confirm')} autoComplete="new-password" {...register('confirmPassword')} error={fe(e.confirmPassword)} />
          <FormError message={formError} />
          <Button type="submit" loading={formState.isSubmitting}>
            {t('auth.firstRun.submit')}
          </Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}
