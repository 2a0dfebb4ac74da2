import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Checkbox, Divider, Group, Paper, Radio, ScrollArea, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Controller, useForm, type Control } from 'react-hook-form';
import { z } from 'zod';
import { answerKey, answersInput, checkAnswers, entrantFields, RATING_MAX, type AnswerValue, type SurveyQuestion } from '../../../../shared/booth';
import type { CaptureOutcome, KioskConfig } from '../../../../shared/contract/booth';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';

/** The entrant's form: the contract's own field schemas plus the event's survey, checked the core's way. */
function formSchema(questions: readonly SurveyQuestion[]) {
  return z
    .object({
      ...entrantFields,
      answers: answersInput,
      rulesAccepted: z.boolean().refine((v) => v, 'Please accept the contest rules to enter.'),
      marketingConsent: z.boolean(),
    })
    .superRefine((v, ctx) => {
      for (const issue of checkAnswers(questions, v.answers as Record<string, AnswerValue>)) ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message });
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
export function EntryForm({ config, birthDate, onOutcome, onStartOver }: { config: KioskConfig; birthDate: string; onOutcome(o: CaptureOutcome): void; onStartOver(): void }) {
  const schema = useMemo(() => formSchema(config.questions), [config.questions]);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, formState } = useForm<Values, unknown, z.output<Schema>>({
    resolver: zodResolver(schema),
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
    else setFormError(applyServerErrors(r.error, setError) ?? 'Your entry was not saved. Please check the highlighted fields.');
  });

  const big = { size: 'lg' as const, autoComplete: 'off', spellCheck: false };
  return (
    <form onSubmit={submit} noValidate autoComplete="off" aria-label="Contest entry">
      <Stack gap="xl">
        <Title order={2} size="h1">
          Your details
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          <TextInput label="Name" required autoFocus data-autofocus {...big} {...register('name')} error={e.name?.message} />
          <TextInput label="Email" required type="email" {...big} {...register('email')} error={e.email?.message} />
          <TextInput label="Phone" type="tel" {...big} {...register('phone')} error={e.phone?.message} />
          <TextInput label="Company" {...big} {...register('company')} error={e.company?.message} />
          <TextInput label="Title" {...big} {...register('title')} error={e.title?.message} />
          <Textarea label="Address" autosize minRows={2} maxRows={4} {...big} {...register('address')} error={e.address?.message} />
        </SimpleGrid>

        {config.questions.length > 0 && (
          <Stack gap="lg">
            <Divider />
            <Title order={2} size="h2">
              A few questions
            </Title>
            {config.questions.map((q) => (
              <QuestionField key={q.id} q={q} control={control} error={(e.answers as Record<string, { message?: string }> | undefined)?.[answerKey(q.id)]?.message} />
            ))}
          </Stack>
        )}

        <Divider />
        <Stack gap="sm">
          <Title order={2} size="h2">
            Contest rules
          </Title>
          <Paper withBorder p="md" radius="md">
            <ScrollArea.Autosize mah={220} type="auto" aria-label="Contest rules text" tabIndex={0}>
              <Text size="lg" style={{ whiteSpace: 'pre-wrap' }}>
                {config.rules.body}
              </Text>
            </ScrollArea.Autosize>
          </Paper>
          <Checkbox size="lg" label="I have read and accept the contest rules" {...register('rulesAccepted')} error={e.rulesAccepted?.message} />
        </Stack>

        <Stack gap="sm">
          <Title order={2} size="h2">
            Marketing
          </Title>
          <Paper withBorder p="md" radius="md" id="marketing-notice">
            <Text size="lg" style={{ whiteSpace: 'pre-wrap' }}>
              {config.notice.body}
            </Text>
          </Paper>
          <Checkbox size="lg" label="Yes, you may send me marketing as described above (optional)" aria-describedby="marketing-notice" {...register('marketingConsent')} />
        </Stack>

        <FormError message={formError} />
        {/* Pinned to the bottom of the kiosk: on a 768 px screen the send button is always in view. */}
        <Group
          justify="space-between"
          py="md"
          style={{ position: 'sticky', bottom: 0, zIndex: 1, background: 'var(--mantine-color-body)', borderTop: '1px solid var(--mantine-color-default-border)' }}
        >
          <Button type="button" variant="default" size="xl" onClick={onStartOver}>
            Start over
          </Button>
          <Button type="submit" size="xl" loading={formState.isSubmitting}>
            Send my entry
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function QuestionField({ q, control, error }: { q: SurveyQuestion; control: Control<Values>; error: string | undefined }) {
  const name = `answers.${answerKey(q.id)}` as const;
  const label = q.required ? q.prompt : `${q.prompt} (optional)`;
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
              label={`${q.prompt} (1 to ${RATING_MAX}${q.required ? '' : ', optional'})`}
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
