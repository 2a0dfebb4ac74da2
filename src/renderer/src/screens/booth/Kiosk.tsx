import { Alert, Button, Container, Group, Modal, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { contract } from '../../../../shared/contract';
import type { CaptureOutcome, KioskConfig } from '../../../../shared/contract/booth';
import { FormError } from '../../components/FormError';
import { useChannelMutation, useChannelQuery } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useIdle } from '../../lib/use-idle';
import { BirthDateStep } from './BirthDateStep';
import { EntryForm } from './EntryForm';
import { formSteps, StepIndicator } from './StepIndicator';
import { useKioskMode } from './kiosk-store';
import { I18nProvider, LANGUAGES, useErrorText, useFieldText, useLanguage, useT, type Language } from '../../i18n';

type Step = { kind: 'age' } | { kind: 'form'; birthDate: string } | { kind: 'not_eligible' } | { kind: 'already_entered' };

/** How often the kiosk tells the core it is still on duty, which keeps the booth session open. */
const HEARTBEAT_MS = 60_000;

/**
 * The booth kiosk: a full-window screen an entrant fills in alone. It hides the app's navigation,
 * offers only the entry form, and needs a staff password to leave.
 *
 * Privacy between entrants: each entrant gets freshly mounted forms (the `entrant` key), so after
 * a save, a "start over", an idle reset or a refusal nothing of the previous person is left in
 * the page. Back moves between the steps after the birth date and keeps what was typed; the birth
 * date is never offered again (policy 6: no retry by going back), only "start over" for the next entrant.
 */
export function Kiosk({ config, onExit }: { config: KioskConfig; onExit(): void }) {
  // The entrant's language covers the whole kiosk; each entrant starts in the staff's language.
  const [language, setLanguage] = useState<Language | null>(null);
  return (
    <I18nProvider language={language ?? undefined}>
      <KioskSteps config={config} onExit={onExit} language={language} onLanguage={setLanguage} />
    </I18nProvider>
  );
}

function KioskSteps({ config, onExit, language, onLanguage }: { config: KioskConfig; onExit(): void; language: Language | null; onLanguage(language: Language | null): void }) {
  const t = useT();
  const staffLanguage = useLanguage((s) => s.language);
  const [step, setStep] = useState<Step>({ kind: 'age' });
  const [entrant, setEntrant] = useState(0);
  const [thanks, setThanks] = useState(false);
  const [ageDirty, setAgeDirty] = useState(false);
  /** When the countdown ends (Date.now() ms), or null when no countdown is showing. */
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [exitOpen, setExitOpen] = useState(false);
  const setActive = useKioskMode((s) => s.setActive);

  // Full-window and alone: the kiosk is rendered in a portal outside #root, and everything inside
  // #root (navigation, header, the booth screen) becomes inert and hidden from assistive
  // technology while it is up, so neither Tab, a click nor a screen reader can reach it.
  useEffect(() => {
    setActive(true);
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    root?.setAttribute('aria-hidden', 'true');
    return () => {
      root?.removeAttribute('inert');
      root?.removeAttribute('aria-hidden');
      setActive(false);
    };
  }, [setActive]);

  // The booth runs all day: the kiosk is the lock while it is up, so it keeps its session in use
  // by reading the event's counts now and then (nothing shows them here).
  useChannelQuery('booth.counts', { eventId: config.event.id }, { refetchInterval: HEARTBEAT_MS });

  /** Everything of the current entrant goes; the next one starts from a blank first step. */
  const nextEntrant = useCallback((afterSave: boolean) => {
    setStep({ kind: 'age' });
    onLanguage(null);
    setEntrant((n) => n + 1);
    setAgeDirty(false);
    setDeadline(null);
    setThanks(afterSave);
  }, [onLanguage]);

  const onOutcome = useCallback(
    (o: CaptureOutcome) => {
      switch (o.outcome) {
        case 'saved':
          nextEntrant(true);
          return;
        case 'already_entered':
          setEntrant((n) => n + 1);
          setStep({ kind: 'already_entered' });
          return;
        case 'not_eligible':
          setEntrant((n) => n + 1);
          setStep({ kind: 'not_eligible' });
          return;
      }
    },
    [nextEntrant],
  );

  // Idle: a partial entry gets a visible countdown, then is discarded. A message screen simply resets.
  const partial = step.kind === 'form' || (step.kind === 'age' && ageDirty);
  const idleEnabled = deadline === null && !exitOpen && (partial || step.kind !== 'age' || thanks || language !== null);
  const onIdle = useCallback(() => {
    if (partial) {
      setNow(Date.now());
      setDeadline(Date.now() + config.countdownSeconds * 1000);
    } else nextEntrant(false);
  }, [partial, config.countdownSeconds, nextEntrant]);
  useIdle(config.kioskIdleSeconds * 1000, onIdle, idleEnabled);

  // The countdown runs against a deadline, not by counting ticks, so a laptop that slept or a
  // throttled timer cannot stretch it.
  useEffect(() => {
    if (deadline === null) return;
    const tick = () => {
      const t = Date.now();
      if (t >= deadline) nextEntrant(false);
      else setNow(t);
    };
    const timer = window.setInterval(tick, 250);
    return () => window.clearInterval(timer);
  }, [deadline, nextEntrant]);
  const countdown = deadline === null ? null : Math.max(0, Math.ceil((deadline - now) / 1000));
  const shownLanguage = language ?? staffLanguage;
  const prize = config.prize[shownLanguage];

  return (
    <Modal.Root opened onClose={() => {}} fullScreen closeOnEscape={false} closeOnClickOutside={false} transitionProps={{ duration: 0 }}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header>
          <Stack gap={2}>
            <Modal.Title fz="xl" fw={700}>
              {config.event.name}
            </Modal.Title>
            {prize && (
              <Text size="lg" lang={prize.lang}>
                <Text component="span" fw={600} size="lg" lang={shownLanguage}>
                  {t('kiosk.prize')}:
                </Text>{' '}
                {prize.text}
              </Text>
            )}
          </Stack>
          {/* Discreet but reachable: a quiet button, last in the header, in the tab order and 44 px high. */}
          <Button variant="subtle" color="gray" size="md" mih={44} onClick={() => setExitOpen(true)}>
            {t('kiosk.staffLeave')}
          </Button>
        </Modal.Header>
        <Modal.Body pb={48}>
          <Container size="md" pt="lg">
            {step.kind === 'age' && (
              <Stack gap="xl" key={`age-${entrant}`}>
                {thanks && (
                  <Alert color="teal.9" variant="filled" role="status" title={<Text size="xl" fw={700} component="span">{t('kiosk.thanks.title')}</Text>}>
                    <Text size="lg">{t('kiosk.thanks.body')}</Text>
                  </Alert>
                )}
                <LanguageChoice value={shownLanguage} onChoose={onLanguage} />
                <StepIndicator steps={['birthDate', ...formSteps(config)]} current={0} />
                <BirthDateStep
                  eventId={config.event.id}
                  onTyping={setAgeDirty}
                  onEligible={(birthDate) => {
                    setThanks(false);
                    setStep({ kind: 'form', birthDate });
                  }}
                  onNotEligible={() => {
                    setThanks(false);
                    setEntrant((n) => n + 1);
                    setStep({ kind: 'not_eligible' });
                  }}
                />
              </Stack>
            )}
            {step.kind === 'form' && <EntryForm key={`form-${entrant}`} config={config} language={shownLanguage} birthDate={step.birthDate} onOutcome={onOutcome} onStartOver={() => nextEntrant(false)} />}
            {step.kind === 'not_eligible' && (
              <Message key={`ne-${entrant}`} title={t('kiosk.notEligible.title')} onDone={() => nextEntrant(false)}>
                {t('kiosk.notEligible.body')}
              </Message>
            )}
            {step.kind === 'already_entered' && (
              <Message key={`ae-${entrant}`} title={t('kiosk.alreadyEntered.title')} onDone={() => nextEntrant(false)}>
                {t('kiosk.alreadyEntered.body')}
              </Message>
            )}
          </Container>
        </Modal.Body>
      </Modal.Content>

      <Modal opened={countdown !== null} onClose={() => setDeadline(null)} title={t('kiosk.idle.title')} centered closeOnClickOutside={false} size="lg" transitionProps={{ duration: 0 }}>
        <Stack>
          <Text size="xl" role="timer" aria-live="polite">
            {t('kiosk.idle.countdown', { count: countdown ?? 0 })}
          </Text>
          <Button size="xl" onClick={() => setDeadline(null)} data-autofocus>
            {t('kiosk.idle.stillHere')}
          </Button>
        </Stack>
      </Modal>

      <ExitDialog opened={exitOpen} onCancel={() => setExitOpen(false)} onExit={onExit} />
    </Modal.Root>
  );
}

/**
 * On the first step the entrant picks the language of everything that follows, rules and notice
 * included. Each choice is written in its own language; the choice is the entrant's only.
 */
function LanguageChoice({ value, onChoose }: { value: Language; onChoose(language: Language): void }) {
  const t = useT();
  return (
    <Group gap="md" role="group" aria-label={t('kiosk.language.title')}>
      {LANGUAGES.map((l) => (
        <Button key={l} size="lg" variant={l === value ? 'filled' : 'default'} lang={l} aria-pressed={l === value} onClick={() => onChoose(l)}>
          {t(`common.language.${l}`)}
        </Button>
      ))}
    </Group>
  );
}

function Message({ title, children, onDone }: { title: string; children: ReactNode; onDone(): void }) {
  const t = useT();
  return (
    <Stack gap="xl" py="xl">
      <Title order={2} size="h1">
        {title}
      </Title>
      <Text size="xl">{children}</Text>
      <Group>
        <Button size="xl" onClick={onDone} autoFocus>
          {t('common.done')}
        </Button>
      </Group>
    </Stack>
  );
}

const leaveInput = contract['kiosk.leave'].input;
type LeaveValues = z.input<typeof leaveInput>;

/** Leaving kiosk mode: any active staff member's username and password, checked with the leave channel's schema. */
export function ExitDialog({ opened, onCancel, onExit }: { opened: boolean; onCancel(): void; onExit(): void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const leaving = useChannelMutation('kiosk.leave');
  const { register, handleSubmit, reset, resetField, setError: setFieldError, formState } = useForm<LeaveValues, unknown, z.output<typeof leaveInput>>({
    resolver: keyedResolver(leaveInput),
    defaultValues: { username: '', password: '' },
  });

  const close = () => {
    reset();
    setError(null);
    onCancel();
  };
  const submit = useSubmitOnce(
    handleSubmit(async (input) => {
      setError(null);
      const r = await leaving.run(input);
      resetField('password');
      if (r.ok) onExit();
      else setError(applyServerErrors(r.error, setFieldError, errorText, fe));
    }),
  );
  return (
    <Modal opened={opened} onClose={close} title={t('kiosk.exit.title')} centered transitionProps={{ duration: 0 }}>
      <form onSubmit={submit} noValidate autoComplete="off">
        <Stack>
          <Text size="sm">{t('kiosk.exit.body')}</Text>
          <TextInput label={t('kiosk.exit.username')} data-autofocus autoComplete="off" {...register('username')} error={fe(formState.errors.username)} />
          <PasswordInput label={t('kiosk.exit.password')} autoComplete="off" {...register('password')} error={fe(formState.errors.password)} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('kiosk.exit.back')}
            </Button>
            <Button type="submit" loading={leaving.isPending}>
              {t('kiosk.exit.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
