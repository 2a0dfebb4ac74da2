import { Accordion, Button, Group, Paper, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { eventCreateInput, type EventDetail, type TextVersion } from '../../../../shared/contract/events';
import { FormError } from '../../components/FormError';
import { useChannelMutation } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { DateField } from '../../components/DateField';
import { LANGUAGES, useErrorText, useFieldText, useFormat, useT, type Translate } from '../../i18n';

type Values = z.input<typeof eventCreateInput>;

function versionNote(t: Translate, v: TextVersion | null | undefined): string {
  if (!v) return t('events.version.new');
  return v.inUse ? t('events.version.inUse', { version: v.version, next: v.version + 1 }) : t('events.version.unused', { version: v.version });
}

/**
 * Create or edit an event: details, the repeat-entry setting, the prize, and the two versioned
 * texts in Finnish and in English (each language has its own versions).
 */
export function EventForm({ event, onSaved, onCancel }: { event?: EventDetail; onSaved(ev: EventDetail): void; onCancel(): void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const creating = useChannelMutation('events.create');
  const updating = useChannelMutation('events.update');
  const { register, control, handleSubmit, setError, formState } = useForm<Values, unknown, z.output<typeof eventCreateInput>>({
    resolver: keyedResolver(eventCreateInput),
    defaultValues: event
      ? {
          name: event.name,
          startsOn: event.startsOn,
          endsOn: event.endsOn,
          location: event.location,
          acceptDuplicates: event.acceptDuplicates,
          rulesText: { fi: event.rules.fi?.body ?? '', en: event.rules.en?.body ?? '' },
          noticeText: { fi: event.notice.fi?.body ?? '', en: event.notice.en?.body ?? '' },
          prize: event.prize,
        }
      : { name: '', startsOn: '', endsOn: '', location: '', acceptDuplicates: false, rulesText: { fi: '', en: '' }, noticeText: { fi: '', en: '' }, prize: { fi: '', en: '' } },
  });
  const e = formState.errors;

  const submit = useSubmitOnce(
    handleSubmit(async (v) => {
      setFormError(null);
      const r = await (event ? updating.run({ id: event.id, ...v }) : creating.run(v));
      if (r.ok) onSaved(r.value);
      else setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label={t('events.name')} data-autofocus {...register('name')} error={fe(e.name)} />
        <SimpleGrid cols={2}>
          <Controller control={control} name="startsOn" render={({ field }) => <DateField label={t('events.startDate')} value={field.value} onChange={field.onChange} ref={field.ref} error={fe(e.startsOn)} />} />
          <Controller control={control} name="endsOn" render={({ field }) => <DateField label={t('events.endDate')} value={field.value} onChange={field.onChange} ref={field.ref} error={fe(e.endsOn)} />} />
        </SimpleGrid>
        <TextInput label={t('events.location')} {...register('location')} error={fe(e.location)} />
        <Switch
          label={t('events.acceptRepeats')}
          description={t('events.acceptRepeatsHint')}
          {...register('acceptDuplicates')}
        />
        {LANGUAGES.map((l) => (
          <TextInput key={`prize-${l}`} label={t(`events.prize.${l}`)} description={l === 'fi' ? t('events.prizeHint') : undefined} {...register(`prize.${l}`)} error={fe(e.prize?.[l])} />
        ))}
        {LANGUAGES.map((l) => (
          <Textarea
            key={`rules-${l}`}
            label={t(`events.rules.${l}`)}
            lang={l}
            description={versionNote(t, event?.rules[l])}
            autosize
            minRows={4}
            maxRows={12}
            {...register(`rulesText.${l}`)}
            error={fe(e.rulesText?.[l])}
          />
        ))}
        {LANGUAGES.map((l) => (
          <Textarea
            key={`notice-${l}`}
            label={t(`events.notice.${l}`)}
            lang={l}
            description={`${t('events.noticeHint')} ${versionNote(t, event?.notice[l])}`}
            autosize
            minRows={3}
            maxRows={10}
            {...register(`noticeText.${l}`)}
            error={fe(e.noticeText?.[l])}
          />
        ))}
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.close')}
          </Button>
          <Button type="submit" loading={formState.isSubmitting}>
            {t(event ? 'events.save' : 'events.create')}
          </Button>
        </Group>
        {event && (event.rulesHistory.length > 0 || event.noticeHistory.length > 0) && <History rules={event.rulesHistory} notice={event.noticeHistory} />}
      </Stack>
    </form>
  );
}

function History({ rules, notice }: { rules: TextVersion[]; notice: TextVersion[] }) {
  const t = useT();
  const f = useFormat();
  const item = (kind: string, v: TextVersion) => (
    <Accordion.Item key={`${kind}-${v.id}`} value={`${kind}-${v.id}`}>
      <Accordion.Control>
        {t('events.historyItemLanguage', { kind, language: t(`common.language.${v.lang}`), version: v.version, when: f.dateTime(v.createdAt) })}
      </Accordion.Control>
      <Accordion.Panel>
        <Paper withBorder p="sm">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lang={v.lang}>
            {v.body}
          </Text>
        </Paper>
        <Text size="xs" c="dimmed" mt={4} ff="monospace">
          {t('account.noticeHash', { hash: v.sha256 })}
        </Text>
      </Accordion.Panel>
    </Accordion.Item>
  );
  return (
    <Stack gap="xs" mt="md">
      <Text fw={600}>{t('events.history')}</Text>
      <Accordion variant="separated">
        {rules.map((v) => item(t('kiosk.form.rules'), v))}
        {notice.map((v) => item(t('events.consentNotice'), v))}
      </Accordion>
    </Stack>
  );
}
