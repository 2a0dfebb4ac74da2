import { Badge, Button, Checkbox, Fieldset, Group, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, useFieldArray, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { MAX_QUESTIONS, QUESTION_KINDS, type QuestionKind } from '../../../../shared/booth';
import { setSurveyInput, type EventDetail } from '../../../../shared/contract/events';
import { FormError } from '../../components/FormError';
import { useChannelMutation } from '../../data';
import { applyServerErrors, mappedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useT } from '../../i18n';

/** A question as the form holds it: the options one per line, as typed. */
interface Draft {
  questionId?: number;
  inUse: boolean;
  kind: QuestionKind;
  prompt: string;
  options: string;
  required: boolean;
}
interface Values {
  questions: Draft[];
}

const isChoice = (k: QuestionKind) => k === 'single' || k === 'multiple';

const toInput = (eventId: number) => (v: Values) => ({
  eventId,
  questions: v.questions.map((d) => ({
    ...(d.questionId !== undefined ? { id: d.questionId } : {}),
    kind: d.kind,
    prompt: d.prompt,
    options: isChoice(d.kind)
      ? d.options
          .split('\n')
          .map((o) => o.trim())
          .filter((o) => o !== '')
      : [],
    required: d.required,
  })),
});

/** A problem with one option ("questions.2.options.1") belongs to the question's options box. */
const fieldOf = (path: string) => path.replace(/^(questions\.\d+\.options)\.\d+$/, '$1');

/**
 * The event's survey. Saved as a whole: answered questions keep their wording for good (changing
 * one retires it and adds a new question), unanswered ones are edited in place. The form is
 * checked with the setSurvey channel's own schema.
 */
export function SurveyEditor({ event, onSaved }: { event: EventDetail; onSaved(ev: EventDetail): void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const kindOptions = QUESTION_KINDS.map((k) => ({ value: k, label: t(`survey.kind.${k}`) }));
  const [formError, setFormError] = useState<string | null>(null);
  const saving = useChannelMutation('events.setSurvey');
  const { register, control, handleSubmit, setError, watch, formState } = useForm<Values, unknown, z.output<typeof setSurveyInput>>({
    resolver: mappedResolver(setSurveyInput, toInput(event.id), fieldOf),
    defaultValues: {
      questions: event.questions.map((q) => ({ questionId: q.id, inUse: q.inUse, kind: q.kind, prompt: q.prompt, options: q.options.join('\n'), required: q.required })),
    },
  });
  const { fields: drafts, append, remove, move } = useFieldArray({ control, name: 'questions' });
  const kinds = watch('questions').map((q) => q.kind);

  const save = useSubmitOnce(
    handleSubmit(
      async (input) => {
        setFormError(null);
        const r = await saving.run(input);
        if (r.ok) onSaved(r.value);
        else setFormError(applyServerErrors(r.error, setError, errorText, fe, fieldOf) ?? t('survey.needsAttention'));
      },
      () => setFormError(t('survey.needsAttention')),
    ),
  );
  const issueAt = (i: number, field: 'prompt' | 'options') => fe(formState.errors.questions?.[i]?.[field]);

  return (
    <form onSubmit={save} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('survey.intro')}
        </Text>
        {drafts.length === 0 && <Text>{t('survey.empty')}</Text>}
        {drafts.map((d, i) => (
          <Fieldset key={d.id} legend={t('survey.question', { n: i + 1 })}>
            <Stack gap="sm">
              {d.inUse && (
                <Badge variant="light" color="yellow" w="fit-content">
                  {t('survey.inUse')}
                </Badge>
              )}
              <Group grow align="flex-start">
                <Controller
                  control={control}
                  name={`questions.${i}.kind`}
                  render={({ field }) => <NativeSelect label={t('survey.type')} data={kindOptions} name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value} onChange={(e) => field.onChange(e.currentTarget.value)} />}
                />
                <Checkbox label={t('survey.required')} mt={30} {...register(`questions.${i}.required`)} />
              </Group>
              <TextInput label={t('survey.prompt')} {...register(`questions.${i}.prompt`)} error={issueAt(i, 'prompt')} />
              {isChoice(kinds[i] ?? d.kind) && <Textarea label={t('survey.options')} autosize minRows={2} {...register(`questions.${i}.options`)} error={issueAt(i, 'options')} />}
              <Group gap="xs">
                <Button size="xs" variant="default" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('survey.moveUpN', { n: i + 1 })}>
                  {t('survey.moveUp')}
                </Button>
                <Button size="xs" variant="default" disabled={i === drafts.length - 1} onClick={() => move(i, i + 1)} aria-label={t('survey.moveDownN', { n: i + 1 })}>
                  {t('survey.moveDown')}
                </Button>
                <Button size="xs" variant="light" color="red" onClick={() => remove(i)} aria-label={t('survey.removeN', { n: i + 1 })}>
                  {t('billing.removeButton')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
        ))}
        <FormError message={formError} />
        <Group justify="space-between">
          <Button
            variant="default"
            disabled={drafts.length >= MAX_QUESTIONS}
            onClick={() => append({ inUse: false, kind: 'single', prompt: '', options: '', required: false })}
          >
            {t('survey.add')}
          </Button>
          <Button type="submit" loading={saving.isPending}>
            {t('survey.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
