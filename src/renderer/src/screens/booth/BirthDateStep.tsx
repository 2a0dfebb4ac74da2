import { Button, Fieldset, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { birthDateFromParts, birthDatePartsSchema } from '../../../../shared/booth';
import { FormError } from '../../components/FormError';
import { useChannelMutation } from '../../data';
import { keyedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useT } from '../../i18n';

type Parts = z.input<typeof birthDatePartsSchema>;

/**
 * Policy 6, the neutral age screen: the entrant types a full date of birth. Nothing on the screen
 * hints at an age limit (no "are you over…", no pre-filled or clamped year), and the answer goes
 * to the core, which alone knows the cut-off.
 */
export function BirthDateStep({ eventId, onEligible, onNotEligible, onTyping }: { eventId: number; onEligible(birthDate: string): void; onNotEligible(): void; onTyping(dirty: boolean): void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  // A refusal adds to the booth screen's counts only, which the kiosk does not show.
  const checking = useChannelMutation('booth.checkAge', { refetch: false });
  const { register, handleSubmit, formState, watch } = useForm<Parts>({
    resolver: keyedResolver(birthDatePartsSchema),
    defaultValues: { day: '', month: '', year: '' },
  });
  const values = watch();
  const dirty = values.day !== '' || values.month !== '' || values.year !== '';

  const submit = useSubmitOnce(
    handleSubmit(async (v) => {
      setError(null);
      const birthDate = birthDateFromParts(v.day, v.month, v.year)!;
      const r = await checking.run({ eventId, birthDate });
      if (!r.ok) setError(errorText(r.error));
      else if (r.value.eligible) onEligible(birthDate);
      else onNotEligible();
    }),
  );

  // The kiosk's idle reset needs to know whether anything has been typed.
  useEffect(() => onTyping(dirty), [dirty, onTyping]);

  return (
    <form onSubmit={submit} noValidate autoComplete="off">
      <Stack gap="xl">
        <Title order={2} size="h1">
          {t('kiosk.age.title')}
        </Title>
        <Fieldset legend={<Text size="xl" fw={600}>{t('kiosk.age.legend')}</Text>} variant="unstyled">
          <Group gap="lg" align="flex-start" wrap="nowrap">
            <TextInput label={t('kiosk.age.day')} placeholder={t('kiosk.age.dayPlaceholder')} inputMode="numeric" maxLength={2} size="xl" w={120} autoFocus data-autofocus autoComplete="off" {...register('day')} />
            <TextInput label={t('kiosk.age.month')} placeholder={t('kiosk.age.monthPlaceholder')} inputMode="numeric" maxLength={2} size="xl" w={120} autoComplete="off" {...register('month')} />
            <TextInput label={t('kiosk.age.year')} placeholder={t('kiosk.age.yearPlaceholder')} inputMode="numeric" maxLength={4} size="xl" w={160} autoComplete="off" {...register('year')} />
          </Group>
          {formState.errors.day?.message && (
            <Text c="var(--mantine-color-error)" size="lg" mt="sm" role="alert">
              {fe(formState.errors.day)}
            </Text>
          )}
        </Fieldset>
        <FormError message={error} />
        <Group>
          <Button type="submit" size="xl" loading={checking.isPending}>
            {t('kiosk.age.continue')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
