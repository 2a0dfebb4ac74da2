import { Box, Button, Checkbox, Group, Paper, Radio, ScrollArea, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Controller, useForm, useFormState, type Control, type FieldPath } from 'react-hook-form';
import { z } from 'zod';
import { answerKey, answersInput, checkAnswers, RATING_MAX, type AnswerValue, type SurveyQuestion } from '../../../../shared/booth';
import { captureInput, type CaptureOutcome, type KioskConfig, type KioskText } from '../../../../shared/contract/booth';
import { FormError } from '../../components/FormError';
import { useChannelMutation } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useT, type Language, type Translate } from '../../i18n';
import { formSteps, StepIndicator, type FormStep } from './StepIndicator';

/**
 * The entrant's form: the capture channel's own schema for what the entrant types, with the
 * event's survey checked the core's way and the rules box worded for the kiosk (the rest of the
 * channel's input, the event, versions and birth date, is added when the entry is sent). Every
 * rule sits on its own field, so checking one step's fields never waits on another's.
 */
function formSchema(questions: readonly SurveyQuestion[], t: Translate) {
  return captureInput.pick({ name: true, email: true, phone: true, address: true, title: true, company: true, marketingConsent: true }).extend({
    answers: answersInput.superRefine((answers, ctx) => {
      for (const issue of checkAnswers(questions, answers as Record<string, AnswerValue>)) {
        ctx.addIssue({ code: 'custom', path: issue.path.split('.').slice(1), message: issue.message, params: { fieldKey: issue.key, fieldParams: issue.params } });
      }
    }),
    rulesAccepted: z.boolean().refine((v) => v, t('kiosk.form.acceptRulesRequired')),
  });
}

type Schema = ReturnType<typeof formSchema>;
type Values = z.input<Schema>;

const emptyAnswer = (q: SurveyQuestion): AnswerValue => (q.kind === 'text' ? '' : q.kind === 'multiple' ? [] : null);

const DETAIL_FIELDS = ['name', 'email', 'phone', 'company', 'title', 'address'] as const;

/** The step a field (or a path the core names) is on. */
function stepOf(path: string): FormStep {
  if (path.startsWith('answers')) return 'survey';
  if (path === 'rulesAccepted' || path === 'marketingConsent') return 'rules';
  return 'details';
}

/**
 * One entrant's form, after the birth date: details, the survey (when the event has one), then the
 * rules and consent. It is mounted fresh for every entrant (the kiosk changes its key), so nothing
 * typed by one person survives into the next person's form; within one entrant, Back and Next keep
 * everything typed. Steps live in this component's state only: no browser history entry is made.
 * Autocomplete is off so the browser never offers one entrant's email to the next.
 */
export function EntryForm({ config, language, birthDate, onOutcome, onStartOver }: { config: KioskConfig; language: Language; birthDate: string; onOutcome(o: CaptureOutcome): void; onStartOver(): void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const schema = useMemo(() => formSchema(config.questions, t), [config.questions, t]);
  const steps = useMemo(() => formSteps(config), [config]);
  const [index, setIndex] = useState(0);
  const step = steps[index]!;
  const last = index === steps.length - 1;
  const [formError, setFormError] = useState<string | null>(null);
  const body = useRef<HTMLDivElement>(null);
  // The next entrant's blank form follows the core's answer at once: nothing in the kiosk shows
  // what a capture changes (the booth screen's counts, read again when the kiosk ends).
  const capturing = useChannelMutation('booth.capture', { refetch: false });
  const { register, control, handleSubmit, setError, trigger, formState } = useForm<Values, unknown, z.output<Schema>>({
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
  const rules = config.rules[language];
  const notice = config.notice[language];

  // Each step starts with the focus on its first control, so the keyboard carries on where the eyes go.
  useEffect(() => {
    body.current?.querySelector<HTMLElement>('input, textarea, [tabindex="0"]')?.focus();
  }, [index]);

  const fieldsOf = (s: FormStep): FieldPath<Values>[] => {
    switch (s) {
      case 'details':
        return [...DETAIL_FIELDS];
      case 'survey':
        return config.questions.map((q) => `answers.${answerKey(q.id)}` as const);
      case 'rules':
        return ['rulesAccepted', 'marketingConsent'];
    }
  };

  const send = handleSubmit(async (v) => {
    setFormError(null);
    const r = await capturing.run({
      eventId: config.event.id,
      language,
      rulesVersionId: rules.id,
      noticeVersionId: notice.id,
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
    });
    // The thank-you appears only here, after the core answered: the entry is then on disk.
    if (r.ok) {
      onOutcome(r.value);
      return;
    }
    setFormError(applyServerErrors(r.error, setError, errorText, fe) ?? t('kiosk.form.notSaved'));
    // A field the core refused may be on an earlier step: go where it is.
    const first = r.error.fields?.find((f) => f.path)?.path;
    if (first) setIndex(steps.indexOf(stepOf(first)));
  });

  // Enter in a field moves on, like Next; on the last step it sends, once however often it is pressed.
  const onSubmit = useSubmitOnce(async (ev: FormEvent) => {
    ev.preventDefault();
    if (last) return send(ev);
    if (await trigger(fieldsOf(step), { shouldFocus: true })) {
      setFormError(null);
      setIndex(index + 1);
    }
  });

  const big = { size: 'lg' as const, autoComplete: 'off', spellCheck: false };
  const optional = (label: string) => t('kiosk.form.optional', { prompt: label });
  return (
    <form onSubmit={(ev) => void onSubmit(ev)} noValidate autoComplete="off" aria-label={t('kiosk.form.label')}>
      <Stack gap="lg">
        <StepIndicator steps={['birthDate', ...steps]} current={index + 1} />
        <div ref={body}>
          {step === 'details' && (
            <Stack gap="lg">
              <Title order={2} size="h1">
                {t('kiosk.form.details')}
              </Title>
              <Text size="lg">{t('kiosk.form.requiredNote')}</Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
                <TextInput label={t('kiosk.form.name')} required withAsterisk={false} {...big} {...register('name')} error={fe(e.name)} />
                <TextInput label={t('kiosk.form.email')} required withAsterisk={false} type="email" {...big} {...register('email')} error={fe(e.email)} />
                <TextInput label={optional(t('kiosk.form.phone'))} type="tel" {...big} {...register('phone')} error={fe(e.phone)} />
                <TextInput label={optional(t('kiosk.form.company'))} {...big} {...register('company')} error={fe(e.company)} />
                <TextInput label={optional(t('kiosk.form.jobTitle'))} {...big} {...register('title')} error={fe(e.title)} />
                <Textarea label={optional(t('kiosk.form.address'))} autosize minRows={2} maxRows={4} {...big} {...register('address')} error={fe(e.address)} />
              </SimpleGrid>
            </Stack>
          )}

          {step === 'survey' && (
            <Stack gap="lg">
              <Title order={2} size="h1">
                {t('kiosk.form.questions')}
              </Title>
              <Text size="lg">{t('kiosk.form.requiredNote')}</Text>
              {config.questions.map((q) => (
                <QuestionField key={q.id} q={q} control={control} error={fe((e.answers as Record<string, { message?: string }> | undefined)?.[answerKey(q.id)])} />
              ))}
            </Stack>
          )}

          {step === 'rules' && (
            <Stack gap="lg">
              <Title order={2} size="h1">
                {t('kiosk.steps.rules')}
              </Title>
              <Stack gap="sm">
                <Title order={3} size="h2">
                  {t('kiosk.form.rules')}
                </Title>
                <PublicText text={rules} language={language} label={t('kiosk.form.rulesText')} />
                <Checkbox size="lg" label={t('kiosk.form.acceptRules')} required {...register('rulesAccepted')} error={fe(e.rulesAccepted)} />
              </Stack>
              <Stack gap="sm">
                <Title order={3} size="h2">
                  {t('kiosk.form.marketing')}
                </Title>
                <PublicText text={notice} language={language} label={t('kiosk.form.noticeText')} id="marketing-notice" />
                <Checkbox size="lg" label={t('kiosk.form.marketingConsent')} aria-describedby="marketing-notice" {...register('marketingConsent')} />
              </Stack>
            </Stack>
          )}
        </div>

        <FormError message={formError} />
        {/* Pinned to the bottom of the kiosk: on a 768 px screen Next and Send are always in view. */}
        <Group
          justify="space-between"
          py="md"
          style={{ position: 'sticky', bottom: 0, zIndex: 1, background: 'var(--mantine-color-body)', borderTop: '1px solid var(--mantine-color-default-border)' }}
        >
          <Button type="button" variant="default" size="xl" onClick={onStartOver}>
            {t('kiosk.form.startOver')}
          </Button>
          <Group gap="md">
            {/* The birth date is never offered again: Back stops at the first step after it. */}
            {index > 0 && (
              <Button type="button" variant="default" size="xl" onClick={() => setIndex(index - 1)}>
                {t('kiosk.form.back')}
              </Button>
            )}
            <SubmitButton control={control} label={t(last ? 'kiosk.form.submit' : 'kiosk.form.next')} />
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Next, or Send on the last step, busy while the entry is being sent. It follows the sending state
 * on its own, so starting and finishing a send redraws this button instead of the whole step.
 */
function SubmitButton({ control, label }: { control: Control<Values>; label: string }) {
  const { isSubmitting } = useFormState({ control });
  return (
    <Button type="submit" size="xl" loading={isSubmitting}>
      {label}
    </Button>
  );
}

/** A rules or notice text as written, in its own language; says so when that is not the entrant's. */
function PublicText({ text, language, label, id }: { text: KioskText; language: Language; label: string; id?: string }) {
  const t = useT();
  return (
    <Box id={id}>
      {text.lang !== language && (
        <Text size="lg" fs="italic" mb="xs">
          {t(`kiosk.form.onlyIn.${text.lang}`)}
        </Text>
      )}
      <Paper withBorder p="md" radius="md">
        <ScrollArea.Autosize mah={220} type="auto" aria-label={label} tabIndex={0} lang={text.lang}>
          <Text size="lg" style={{ whiteSpace: 'pre-wrap' }}>
            {text.body}
          </Text>
        </ScrollArea.Autosize>
      </Paper>
    </Box>
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
            <Textarea label={label} required={q.required} withAsterisk={false} size="lg" autosize minRows={2} maxRows={6} autoComplete="off" value={(field.value as string) ?? ''} onChange={(ev) => field.onChange(ev.currentTarget.value)} onBlur={field.onBlur} ref={field.ref} error={error} />
          )}
        />
      );
    case 'single':
      return (
        <Controller
          control={control}
          name={name}
          render={({ field }) => (
            <Radio.Group label={label} required={q.required} withAsterisk={false} size="lg" value={(field.value as string | null) ?? null} onChange={field.onChange} error={error}>
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
            <Checkbox.Group label={label} required={q.required} withAsterisk={false} size="lg" value={(field.value as string[]) ?? []} onChange={field.onChange} error={error}>
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
              required={q.required}
              withAsterisk={false}
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
