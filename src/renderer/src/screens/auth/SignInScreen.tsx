import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { signInInput } from '../../../../shared/contract/auth';
import { FormError } from '../../components/FormError';
import { useChannelMutation } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useSession } from '../../lib/session-store';
import { AboutDialog } from '../app/AboutDialog';
import { CenteredCard } from './CenteredCard';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useErrorText, useFieldText, useT, type Language } from '../../i18n';

type Values = z.input<typeof signInInput>;

export function SignInScreen() {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const setSession = useSession((s) => s.setSession);
  const [formError, setFormError] = useState<string | null>(null);
  const [aboutOpen, setAboutOpen] = useState(false);
  // Only a language picked on this card is saved at sign-in; left alone, the member's own choice stands.
  const [picked, setPicked] = useState<Language | null>(null);
  const { register, handleSubmit, formState, resetField, setError } = useForm<Values>({ resolver: keyedResolver(signInInput), defaultValues: { username: '', password: '' } });
  const signingIn = useChannelMutation('auth.signIn');
  const onSubmit = useSubmitOnce(
    handleSubmit(async (values) => {
      setFormError(null);
      const r = await signingIn.run(picked ? { ...values, language: picked } : values);
      if (r.ok) setSession(r.value);
      else {
        resetField('password');
        setFormError(applyServerErrors(r.error, setError, errorText, fe));
      }
    }),
  );
  const e = formState.errors;
  return (
    <CenteredCard title={t('auth.signIn.title')} subtitle={t('auth.signIn.subtitle')} aside={<LanguageSwitch onChange={setPicked} />}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label={t('auth.username')} autoComplete="username" autoFocus {...register('username')} error={fe(e.username)} />
          <PasswordInput label={t('auth.password')} autoComplete="current-password" {...register('password')} error={fe(e.password)} />
          <FormError message={formError} title={t('auth.signIn.failed')} />
          <Button type="submit" loading={signingIn.isPending}>
            {t('auth.signIn.submit')}
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            <Anchor component="button" type="button" size="xs" onClick={() => setAboutOpen(true)}>
              {t('auth.signIn.about')}
            </Anchor>
          </Text>
        </Stack>
      </form>
      <AboutDialog opened={aboutOpen} onClose={() => setAboutOpen(false)} />
    </CenteredCard>
  );
}
