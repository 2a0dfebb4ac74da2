import { Badge, Button, Checkbox, Fieldset, Group, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { MAX_QUESTIONS, QUESTION_KIND_LABELS, QUESTION_KINDS, type QuestionKind } from '../../../../shared/booth';
import { setSurveyInput, type EventDetail } from '../../../../shared/contract/events';
import { zodIssueToField, type FieldIssue } from '../../../../shared/errors';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';

interface Draft {
  key: number;
  id?: number;
  inUse: boolean;
  kind: QuestionKind;
  prompt: string;
  /** One option per line, as typed. */
  options: string;
  required: boolean;
}

const KIND_OPTIONS = QUESTION_KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABELS[k] }));
const isChoice = (k: QuestionKind) => k === 'single' || k === 'multiple';

let nextKey = 1;

/**
 * The event's survey. Saved as a whole: answered questions keep their wording for good (changing
 * one retires it and adds a new question), unanswered ones are edited in place.
 */
export function SurveyEditor({ event, onSaved }: { event: EventDetail; onSaved(ev: EventDetail): void }) {
  const [drafts, setDrafts] = useState<Draft[]>(() =>
    event.questions.map((q) => ({ key: nextKey++, id: q.id, inUse: q.inUse, kind: q.kind, prompt: q.prompt, options: q.options.join('\n'), required: q.required })),
  );
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (key: number, change: Partial<Draft>) => setDrafts((ds) => ds.map((d) => (d.key === key ? { ...d, ...change } : d)));
  const move = (index: number, by: -1 | 1) =>
    setDrafts((ds) => {
      const next = [...ds];
      const [d] = next.splice(index, 1);
      next.splice(index + by, 0, d!);
      return next;
    });

  const save = async () => {
    setFormError(null);
    const input = {
      eventId: event.id,
      questions: drafts.map((d) => ({
        ...(d.id !== undefined ? { id: d.id } : {}),
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
    };
    const parsed = setSurveyInput.safeParse(input, { reportInput: true });
    if (!parsed.success) {
      setIssues(parsed.error.issues.map(zodIssueToField));
      setFormError('Some questions need attention.');
      return;
    }
    setIssues([]);
    setBusy(true);
    const r = await call(window.api.events.setSurvey(input));
    setBusy(false);
    if (r.ok) onSaved(r.value);
    else {
      setIssues(r.error.fields ?? []);
      setFormError(r.error.message);
    }
  };

  const issueAt = (i: number, field: string) => issues.find((x) => x.path === `questions.${i}.${field}`)?.message;

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Questions appear on the kiosk in this order, after the entrant’s details. Choice questions need at least two options, one per line.
      </Text>
      {drafts.length === 0 && <Text>No survey questions. The kiosk asks only for the entrant’s details.</Text>}
      {drafts.map((d, i) => (
        <Fieldset key={d.key} legend={`Question ${i + 1}`}>
          <Stack gap="sm">
            {d.inUse && (
              <Badge variant="light" color="yellow" w="fit-content">
                Answered by entrants: a change of wording, type or options makes it a new question
              </Badge>
            )}
            <Group grow align="flex-start">
              <NativeSelect label="Type" data={KIND_OPTIONS} value={d.kind} onChange={(e) => update(d.key, { kind: e.currentTarget.value as QuestionKind })} />
              <Checkbox label="Answer required" mt={30} checked={d.required} onChange={(e) => update(d.key, { required: e.currentTarget.checked })} />
            </Group>
            <TextInput label="Question" value={d.prompt} onChange={(e) => update(d.key, { prompt: e.currentTarget.value })} error={issueAt(i, 'prompt')} />
            {isChoice(d.kind) && (
              <Textarea label="Options, one per line" autosize minRows={2} value={d.options} onChange={(e) => update(d.key, { options: e.currentTarget.value })} error={issueAt(i, 'options')} />
            )}
            <Group gap="xs">
              <Button size="xs" variant="default" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move question ${i + 1} up`}>
                Move up
              </Button>
              <Button size="xs" variant="default" disabled={i === drafts.length - 1} onClick={() => move(i, 1)} aria-label={`Move question ${i + 1} down`}>
                Move down
              </Button>
              <Button size="xs" variant="light" color="red" onClick={() => setDrafts((ds) => ds.filter((x) => x.key !== d.key))} aria-label={`Remove question ${i + 1}`}>
                Remove
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
          onClick={() => setDrafts((ds) => [...ds, { key: nextKey++, inUse: false, kind: 'single', prompt: '', options: '', required: false }])}
        >
          Add question
        </Button>
        <Button onClick={() => void save()} loading={busy}>
          Save survey
        </Button>
      </Group>
    </Stack>
  );
}
