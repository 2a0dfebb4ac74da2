import { zodResolver } from '@hookform/resolvers/zod';
import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { signInInput } from '../../../../shared/contract/auth';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { useSession } from '../../lib/session-store';
import { AboutDialog } from '../app/AboutDialog';
import { CenteredCard } from './CenteredCard';

type Values = z.input<typeof signInInput>;

export function SignInScreen() {
  const setSession = useSession((s) => s.setSession);
  const [formError, setFormError] = useState<string | null>(null);
  const [aboutOpen, setAboutOpen] = useState(false);
  const { register, handleSubmit, formState, resetField } = useForm<Values>({ resolver: zodResolver(signInInput), defaultValues: { username: '', password: '' } });
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const r = await call(window.api.auth.signIn(values));
    if (r.ok) setSession(r.value);
    else {
      setFormError(r.error.message);
      resetField('password');
    }
  });
  const e = formState.errors;
  return (
    <CenteredCard title="Sign in" subtitle="IXO Back Office. Use the account your admin gave you.">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label="Username" autoComplete="username" autoFocus {...register('username')} error={e.username?.message} />
          <PasswordInput label="Password" autoComplete="current-password" {...register('password')} error={e.password?.message} />
          <FormError message={formError} title="Sign-in failed" />
          <Button type="submit" loading={formState.isSubmitting}>
            Sign in
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            <Anchor component="button" type="button" size="xs" onClick={() => setAboutOpen(true)}>
              About and privacy policy
            </Anchor>
          </Text>
        </Stack>
      </form>
      <AboutDialog opened={aboutOpen} onClose={() => setAboutOpen(false)} />
    </CenteredCard>
  );
}
