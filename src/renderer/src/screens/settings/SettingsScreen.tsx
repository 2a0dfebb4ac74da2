import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Checkbox, Fieldset, Group, Loader, NumberInput, PasswordInput, type NumberInputProps, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Controller, useForm, type Control } from 'react-hook-form';
import { z } from 'zod';
import { settingsInput, type Settings } from '../../../../shared/contract/settings';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';
import { useSession } from '../../lib/session-store';

/**
 * The form's own shape: the SMTP password is write-only, so the form has a new-password field and
 * a "remove" box instead of the stored value, and maps them onto the contract on submit.
 */
const formSchema = z
  .object({
    lockAfterMinutes: settingsInput.shape.lockAfterMinutes,
    kioskIdleSeconds: settingsInput.shape.kioskIdleSeconds,
    smtp: settingsInput.shape.smtp.omit({ password: true }).extend({
      port: z.number({ error: 'Enter a port number.' }).int('Enter a whole number.').min(1, 'Ports run from 1 to 65535.').max(65535, 'Ports run from 1 to 65535.'),
      newPassword: z.string().max(256, 'At most 256 characters.'),
      removePassword: z.boolean(),
    }),
  })
  .strict();
type FormValues = z.input<typeof formSchema>;

const toForm = (s: Settings): FormValues => ({
  lockAfterMinutes: s.lockAfterMinutes,
  kioskIdleSeconds: s.kioskIdleSeconds,
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
  const refreshSession = useSession((s) => s.refresh);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { register, control, handleSubmit, reset, setError, watch, formState } = useForm<FormValues>({ resolver: zodResolver(formSchema) });

  const load = useCallback(async () => {
    const r = await call(window.api.settings.get({}));
    if (r.ok) {
      setSettings(r.value);
      reset(toForm(r.value));
    } else setLoadError(r.error.message);
  }, [reset]);
  useEffect(() => {
    void load();
  }, [load]);

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    setSaved(null);
    const { newPassword, removePassword, ...smtp } = v.smtp;
    // Omitted password = keep the stored one; '' = remove it; anything else replaces it.
    const password = removePassword ? '' : newPassword !== '' ? newPassword : undefined;
    const r = await call(
      window.api.settings.update({ lockAfterMinutes: v.lockAfterMinutes, kioskIdleSeconds: v.kioskIdleSeconds, smtp: { ...smtp, ...(password !== undefined ? { password } : {}) } }),
    );
    if (!r.ok) {
      setFormError(applyServerErrors(r.error, setError));
      return;
    }
    setSettings(r.value);
    reset(toForm(r.value));
    setSaved('Settings saved.');
    // The idle lock of this window follows the new setting at once.
    await refreshSession();
  });

  const removePassword = watch('smtp.removePassword');
  const e = formState.errors;

  if (loadError) return <FormError message={loadError} title="Could not load settings" />;
  if (!settings) return <Loader aria-label="Loading settings" />;

  return (
    <Stack gap="md" maw={760}>
      <PageHeader title="Settings" description="Settings for every staff member on this computer. Changes are recorded in the audit log." />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg">
          <Fieldset legend="Sessions">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberField
                control={control}
                name="lockAfterMinutes"
                label="Lock after idle time (minutes)"
                description="Sessions lock after this long without input."
                min={1}
                max={240}
                error={e.lockAfterMinutes?.message}
              />
              <NumberField
                control={control}
                name="kioskIdleSeconds"
                label="Booth kiosk idle reset (seconds)"
                description="The booth screen resets after this long without input."
                min={15}
                max={900}
                error={e.kioskIdleSeconds?.message}
              />
            </SimpleGrid>
          </Fieldset>

          <Fieldset legend="Email relay (SMTP)">
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label="SMTP host" description="Leave empty to keep mail in the outbox." autoComplete="off" {...register('smtp.host')} error={e.smtp?.host?.message} />
                <NumberField
                  control={control}
                  name="smtp.port"
                  label="SMTP port"
                  min={1}
                  max={65535}
                  hideControls
                  error={e.smtp?.port?.message}
                />
              </SimpleGrid>
              <Controller
                control={control}
                name="smtp.secure"
                render={({ field }) => (
                  <Switch
                    label="Use TLS from the start (usually port 465)"
                    description="Off: the connection is upgraded with STARTTLS when the server offers it (usually port 587)."
                    name={field.name}
                    ref={field.ref}
                    checked={field.value}
                    onBlur={field.onBlur}
                    onChange={(ev) => field.onChange(ev.currentTarget.checked)}
                  />
                )}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label="SMTP user name" autoComplete="off" {...register('smtp.user')} error={e.smtp?.user?.message} />
                <PasswordInput
                  label="SMTP password"
                  description={settings.smtp.hasPassword ? 'A password is stored in the system keychain. Leave empty to keep it.' : 'No password is stored.'}
                  autoComplete="new-password"
                  disabled={removePassword}
                  {...register('smtp.newPassword')}
                  error={e.smtp?.newPassword?.message}
                />
              </SimpleGrid>
              {settings.smtp.hasPassword && <Checkbox label="Remove the stored SMTP password" {...register('smtp.removePassword')} />}
              <TextInput label="From address" description='For example: IXO Systems <no-reply@ixo.fi>' autoComplete="off" {...register('smtp.from')} error={e.smtp?.from?.message} />
            </Stack>
          </Fieldset>

          <FormError message={formError} />
          <StatusMessage message={saved} onClose={() => setSaved(null)} />
          <Group justify="flex-end">
            <Button variant="default" disabled={!formState.isDirty || formState.isSubmitting} onClick={() => reset(toForm(settings))}>
              Undo changes
            </Button>
            <Button type="submit" loading={formState.isSubmitting}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
