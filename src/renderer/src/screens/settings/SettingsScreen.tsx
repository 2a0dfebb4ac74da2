import { Button, Checkbox, Fieldset, Group, Loader, NumberInput, PasswordInput, type NumberInputProps, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Controller, useForm, type Control } from 'react-hook-form';
import { z } from 'zod';
import { settingsInput, type Settings } from '../../../../shared/contract/settings';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation, useChannelQuery } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useSession } from '../../lib/session-store';
import { useErrorText, useFieldText, useT } from '../../i18n';

/**
 * The form's own shape: the SMTP password is write-only, so the form has a new-password field and
 * a "remove" box instead of the stored value, and maps them onto the contract on submit.
 */
const formSchema = z
  .object({
    lockAfterMinutes: settingsInput.shape.lockAfterMinutes,
    kioskIdleSeconds: settingsInput.shape.kioskIdleSeconds,
    businessTimeZone: settingsInput.shape.businessTimeZone,
    smtp: settingsInput.shape.smtp.omit({ password: true }).extend({
      port: z.number().int().min(1).max(65535),
      newPassword: z.string().max(256),
      removePassword: z.boolean(),
    }),
  })
  .strict();
type FormValues = z.input<typeof formSchema>;

const toForm = (s: Settings): FormValues => ({
  lockAfterMinutes: s.lockAfterMinutes,
  kioskIdleSeconds: s.kioskIdleSeconds,
  businessTimeZone: s.businessTimeZone,
  smtp: { host: s.smtp.host, port: s.smtp.port, secure: s.smtp.secure, user: s.smtp.user, from: s.smtp.from, newPassword: '', removePassword: false },
});

/** NumberInput hands back '' while the field is empty; the schema then says what to enter. */
const asNumber = (v: number | string): number | undefined => (typeof v === 'number' ? v : v.trim() === '' ? undefined : Number(v));

type NumberFieldProps = Omit<NumberInputProps, 'name' | 'value' | 'onChange' | 'onBlur'> & {
  control: Control<FormValues>;
  name: 'lockAfterMinutes' | 'kioskIdleSeconds' | 'smtp.port';
};

/** A whole-number field that never corrects the value behind the user's back: the schema reports it. */
function NumberField({ control, name, ...props }: NumberFieldProps) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <NumberInput
          {...props}
          allowDecimal={false}
          clampBehavior="none"
          name={field.name}
          ref={field.ref}
          value={field.value ?? ''}
          onBlur={field.onBlur}
          onChange={(v) => field.onChange(asNumber(v))}
        />
      )}
    />
  );
}

export function SettingsScreen() {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const refreshSession = useSession((s) => s.refresh);
  const query = useChannelQuery('settings.get', {});
  const settings = query.data ?? null;
  const loadError = query.errorMessage;
  const update = useChannelMutation('settings.update');
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // The form shows the stored settings, and follows them when they are read again.
  const values = useMemo(() => (settings ? toForm(settings) : undefined), [settings]);
  const { register, control, handleSubmit, reset, setError, watch, formState } = useForm<FormValues>({ resolver: keyedResolver(formSchema), values });

  const onSubmit = useSubmitOnce(handleSubmit(async (v) => {
    setFormError(null);
    setSaved(null);
    const { newPassword, removePassword, ...smtp } = v.smtp;
    // Omitted password = keep the stored one; '' = remove it; anything else replaces it.
    const password = removePassword ? '' : newPassword !== '' ? newPassword : undefined;
    const r = await update.run({ lockAfterMinutes: v.lockAfterMinutes, kioskIdleSeconds: v.kioskIdleSeconds, ...(v.businessTimeZone ? { businessTimeZone: v.businessTimeZone } : {}), smtp: { ...smtp, ...(password !== undefined ? { password } : {}) } });
    if (!r.ok) {
      setFormError(applyServerErrors(r.error, setError, errorText, fe));
      return;
    }
    // At once, so a new password typed is cleared even when the stored settings read the same.
    reset(toForm(r.value));
    setSaved(t('settings.saved'));
    // The idle lock of this window follows the new setting at once.
    await refreshSession();
  }));

  const removePassword = watch('smtp.removePassword');
  const e = formState.errors;

  if (loadError) return <FormError message={loadError} title={t('settings.loadFailed')} />;
  if (!settings) return <Loader aria-label={t('settings.loading')} />;

  return (
    <Stack gap="md" maw={760}>
      <PageHeader title={t('nav.settings')} description={t('settings.description')} />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg">
          <Fieldset legend={t('settings.sessions')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberField
                control={control}
                name="lockAfterMinutes"
                label={t('settings.lockAfter')}
                description={t('settings.lockAfterHint')}
                min={1}
                max={240}
                error={fe(e.lockAfterMinutes)}
              />
              <NumberField
                control={control}
                name="kioskIdleSeconds"
                label={t('settings.kioskIdle')}
                description={t('settings.kioskIdleHint')}
                min={15}
                max={900}
                error={fe(e.kioskIdleSeconds)}
              />
            </SimpleGrid>
            <TextInput mt="sm" label={t('settings.zone')} description={t('settings.zoneHint')} autoComplete="off" maw={360} {...register('businessTimeZone')} error={fe(e.businessTimeZone)} />
          </Fieldset>

          <Fieldset legend={t('settings.smtp')}>
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('settings.smtpHost')} description={t('settings.smtpHostHint')} autoComplete="off" {...register('smtp.host')} error={fe(e.smtp?.host)} />
                <NumberField
                  control={control}
                  name="smtp.port"
                  label={t('settings.smtpPort')}
                  min={1}
                  max={65535}
                  hideControls
                  error={fe(e.smtp?.port)}
                />
              </SimpleGrid>
              <Controller
                control={control}
                name="smtp.secure"
                render={({ field }) => (
                  <Switch
                    label={t('settings.tls')}
                    description={t('settings.tlsHint')}
                    name={field.name}
                    ref={field.ref}
                    checked={field.value}
                    onBlur={field.onBlur}
                    onChange={(ev) => field.onChange(ev.currentTarget.checked)}
                  />
                )}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('settings.smtpUser')} autoComplete="off" {...register('smtp.user')} error={fe(e.smtp?.user)} />
                <PasswordInput
                  label={t('settings.smtpPassword')}
                  description={t(settings.smtp.hasPassword ? 'settings.passwordStored' : 'settings.noPassword')}
                  autoComplete="new-password"
                  disabled={removePassword}
                  {...register('smtp.newPassword')}
                  error={fe(e.smtp?.newPassword)}
                />
              </SimpleGrid>
              {settings.smtp.hasPassword && <Checkbox label={t('settings.removePassword')} {...register('smtp.removePassword')} />}
              <TextInput label={t('settings.from')} description={t('settings.fromHint', { example: 'IXO Systems <no-reply@ixo.fi>' })} autoComplete="off" {...register('smtp.from')} error={fe(e.smtp?.from)} />
            </Stack>
          </Fieldset>

          <FormError message={formError} />
          <StatusMessage message={saved} onClose={() => setSaved(null)} />
          <Group justify="flex-end">
            <Button variant="default" disabled={!formState.isDirty || formState.isSubmitting} onClick={() => reset(toForm(settings))}>
              {t('settings.undo')}
            </Button>
            <Button type="submit" loading={formState.isSubmitting}>
              {t('settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
