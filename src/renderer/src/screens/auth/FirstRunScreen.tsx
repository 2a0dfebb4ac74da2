import { zodResolver } from '@hookform/resolvers/zod';
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { firstAdminInput } from '../../../../shared/contract/auth';
import { PASSWORD_MIN } from '../../../../shared/fields';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';
import { useSession } from '../../lib/session-store';
import { CenteredCard } from './CenteredCard';

type Values = z.input<typeof firstAdminInput>;

export function FirstRunScreen() {
  const setSession = useSession((s) => s.setSession);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(firstAdminInput),
    defaultValues: { username: '', displayName: '', password: '', confirmPassword: '' },
  });
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const r = await call(window.api.auth.createFirstAdmin(values));
    if (r.ok) setSession(r.value);
    else setFormError(applyServerErrors(r.error, setError));
  });
  const e = formState.errors;
  return (
    <CenteredCard title="Set up IXO Back Office" subtitle="Create the first admin account. Admins manage staff and settings; they do not see customer data.">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label="Username" autoComplete="username" autoFocus {...register('username')} error={e.username?.message} />
          <TextInput label="Display name" {...register('displayName')} error={e.displayName?.message} />
          <PasswordInput label="Password" description={`At least ${PASSWORD_MIN} characters.`} autoComplete="new-password" {...register('password')} error={e.password?.message} />
          <PasswordInput label="Confirm password" autoComplete="new-password" {...register('confirmPassword')} error={e.confirmPassword?.message} />
          <FormError message={formError} />
          <Button type="submit" loading={formState.isSubmitting}>
            Create admin account
          </Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}
