import { Button, Checkbox, Divider, Group, Paper, Radio, ScrollArea, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Controller, useForm, type Control } from 'react-hook-form';
import { z } from 'zod';
import { answerKey, answersInput, checkAnswers, entrantFields, RATING_MAX, type AnswerValue, type SurveyQuestion } from '../../../../shared/booth';
import type { CaptureOutcome, KioskConfig } from '../../../../shared/contract/booth';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { applyServerErrors, keyedResolver } from '../../lib/form';
import { useErrorText, useFieldText, useT, type Language, type Translate } from '../../i18n';

/** The entrant's form: the contract's own field schemas plus the event's survey, checked the core's way. */
function formSchema(questions: readonly SurveyQuestion[], t: Translate) {
  return z
    .object({
      ...entrantFields,
      answers: answersInput,
      rulesAccepted: z.boolean().refine((v) => v, t('kiosk.form.acceptRulesRequired')),
      marketingConsent: z.boolean(),
    })
    .superRefine((v, ctx) => {
      for (const issue of checkAnswers(questions, v.answers as Record<string, AnswerValue>)) ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message, params: { fieldKey: issue.key, fieldParams: issue.params } });
    });
}

type Schema = ReturnType<typeof formSchema>;
type Values = z.input<Schema>;

const emptyAnswer = (q: SurveyQuestion): AnswerValue => (q.kind === 'text' ? '' : q.kind === 'multiple' ? [] : null);

/**
 * One entrant's form. It is mounted fresh for every entrant (the kiosk changes its key), so
 * nothing typed by one person survives into the next person's form. Autocomplete is off for the
 * same reason: the browser must not offer one entrant's email to the next.
 */
export function EntryForm({ config, birthDate, onOutcome, onStartOver }: { config: KioskConfig; language: Language; birthDate: string; onOutcome(o: CaptureOutcome): void; onStartOver(): void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const schema = useMemo(() => formSchema(config.questions, t), [config.questions, t]);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, formState } = useForm<Values, unknown, z.output<Schema>>({
    resolver: keyedResolver(schema),
    defaultValues: {
      name: '',
      email: '',
      phone: '',
      address: '',
      title: '',
      company: '',
      answers: Object.fromEntries(config.questions.map((q) => [answerKey(q.id), emptyAnswer(q)])),
      rulesAccepted: false,
      marketingConsent: false,
    },
  });
  const e = formState.errors;

  const submit = handleSubmit(async (v) => {
    setFormError(null);
    const r = await call(
      window.api.booth.capture({
        eventId: config.event.id,
        rulesVersionId: config.rules.id,
        noticeVersionId: config.notice.id,
        questionIds: config.questions.map((q) => q.id),
        birthDate,
        name: v.name,
        email: v.email,
        phone: v.phone,
        address: v.address,
        title: v.title,
        company: v.company,
        answers: v.answers,
        rulesAccepted: true,
        marketingConsent: v.marketingConsent,
      }),
    );
    // The thank-you appears only here, after the core answered: the entry is then on disk.
    if (r.ok) onOutcome(r.value);
    else setFormError(applyServerErrors(r.error, setError, errorText, fe) ?? t('kiosk.form.notSaved'));
  });

  const big = { size: 'lg' as const, autoComplete: 'off', spellCheck: false };
  return (
    <form onSubmit={submit} noValidate autoComplete="off" aria-label={t('kiosk.form.label')}>
      <Stack gap="xl">
        <Title order={2} size="h1">
          {t('kiosk.form.details')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          <TextInput label={t('kiosk.form.name')} required autoFocus data-autofocus {...big} {...register('name')} error={fe(e.name)} />
          <TextInput label={t('kiosk.form.email')} required type="email" {...big} {...register('email')} error={fe(e.email)} />
          <TextInput label={t('kiosk.form.phone')} type="tel" {...big} {...register('phone')} error={fe(e.phone)} />
          <TextInput label={t('kiosk.form.company')} {...big} {...register('company')} error={fe(e.company)} />
          <TextInput label={t('kiosk.form.jobTitle')} {...big} {...register('title')} error={fe(e.title)} />
          <Textarea label={t('kiosk.form.address')} autosize minRows={2} maxRows={4} {...big} {...register('address')} error={fe(e.address)} />
        </SimpleGrid>

        {config.questions.length > 0 && (
          <Stack gap="lg">
            <Divider />
            <Title order={2} size="h2">
              {t('kiosk.form.questions')}
            </Title>
            {config.questions.map((q) => (
              <QuestionField key={q.id} q={q} control={control} error={fe((e.answers as Record<string, { message?: string }> | undefined)?.[answerKey(q.id)])} />
            ))}
          </Stack>
        )}

        <Divider />
        <Stack gap="sm">
          <Title order={2} size="h2">
            {t('kiosk.form.rules')}
          </Title>
          <Paper withBorder p="md" radius="md">
            <ScrollArea.Autosize mah={220} type="auto" aria-label={t('kiosk.form.rulesText')} tabIndex={0}>
              <Text size="lg" style={{ whiteSpace: 'pre-wrap' }}>
                {config.rules.body}
              </Text>
            </ScrollArea.Autosize>
          </Paper>
          <Checkbox size="lg" label={t('kiosk.form.acceptRules')} {...register('rulesAccepted')} error={fe(e.rulesAccepted)} />
        </Stack>

        <Stack gap="sm">
          <Title order={2} size="h2">
            {t('kiosk.form.marketing')}
          </Title>
          <Paper withBorder p="md" radius="md" id="marketing-notice">
            <Text size="lg" style={{ whiteSpace: 'pre-wrap' }}>
              {config.notice.body}
            </Text>
          </Paper>
          <Checkbox size="lg" label={t('kiosk.form.marketingConsent')} aria-describedby="marketing-notice" {...register('marketingConsent')} />
        </Stack>

        <FormError message={formError} />
        {/* Pinned to the bottom of the kiosk: on a 768 px screen the send button is always in view. */}
        <Group
          justify="space-between"
          py="md"
          style={{ position: 'sticky', bottom: 0, zIndex: 1, background: 'var(--mantine-color-body)', borderTop: '1px solid var(--mantine-color-default-border)' }}
        >
          <Button type="button" variant="default" size="xl" onClick={onStartOver}>
            {t('kiosk.form.startOver')}
          </Button>
          <Button type="submit" size="xl" loading={formState.isSubmitting}>
            {t('kiosk.form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function QuestionField({ q, control, error }: { q: SurveyQuestion; control: Control<Values>; error: string | undefined }) {
  const t = useT();
  const name = `answers.${answerKey(q.id)}` as const;
  const label = q.required ? q.prompt : t('kiosk.form.optional', { prompt: q.prompt });
  switch (q.kind) {
    case 'text':
      return (
        <Controller
          control={control}
          name={name}
          render={({ field }) => (
            <Textarea label={label} size="lg" autosize minRows={2} maxRows={6} autoComplete="off" value={(field.value as string) ?? ''} onChange={(ev) => field.onChange(ev.currentTarget.value)} onBlur={field.onBlur} ref={field.ref} error={error} />
          )}
        />
      );
    case 'single':
      return (
        <Controller
          control={control}
          name={name}
          render={({ field }) => (
            <Radio.Group label={label} size="lg" value={(field.value as string | null) ?? null} onChange={field.onChange} error={error}>
              <Group mt="xs" gap="xl">
                {q.options.map((o) => (
                  <Radio key={o} value={o} label={o} size="lg" />
                ))}
              </Group>
            </Radio.Group>
          )}
        />
      );
    case 'multiple':
      return (
        <Controller
          control={control}
          name={name}
          render={({ field }) => (
            <Checkbox.Group label={label} size="lg" value={(field.value as string[]) ?? []} onChange={field.onChange} error={error}>
              <Group mt="xs" gap="xl">
                {q.options.map((o) => (
                  <Checkbox key={o} value={o} label={o} size="lg" />
                ))}
              </Group>
            </Checkbox.Group>
          )}
        />
      );
    case 'rating':
      return (
        <Controller
          control={control}
          name={name}
          render={({ field }) => (
            <Radio.Group
              label={t(q.required ? 'kiosk.form.rating' : 'kiosk.form.ratingOptional', { prompt: q.prompt, max: RATING_MAX })}
              size="lg"
              value={field.value === null || field.value === undefined ? null : String(field.value)}
              onChange={(v) => field.onChange(Number(v))}
              error={error}
            >
              <Group gap="xl" mt="xs">
                {Array.from({ length: RATING_MAX }, (_, i) => String(i + 1)).map((v) => (
                  <Radio key={v} value={v} label={v} size="lg" />
                ))}
              </Group>
            </Radio.Group>
          )}
        />
      );
  }
}
