import { Box, Group, Text } from '@mantine/core';
import type { KioskConfig } from '../../../../shared/contract/booth';
import { useT } from '../../i18n';

/** The steps of the entry form after the birth date; the survey only when the event has one. */
export type FormStep = 'details' | 'survey' | 'rules';
export type KioskStep = 'birthDate' | FormStep;

export const formSteps = (config: KioskConfig): FormStep[] => (config.questions.length > 0 ? ['details', 'survey', 'rules'] : ['details', 'rules']);

const LABEL_KEY = { birthDate: 'kiosk.steps.birthDate', details: 'kiosk.steps.details', survey: 'kiosk.steps.survey', rules: 'kiosk.steps.rules' } as const satisfies Record<KioskStep, string>;

/**
 * Where the entrant is: a numbered list of the steps with the current one marked (aria-current).
 * It only shows; moving between steps is done with Next and Back.
 */
export function StepIndicator({ steps, current }: { steps: readonly KioskStep[]; current: number }) {
  const t = useT();
  return (
    <Box>
      <Text size="md" fw={600} mb={6}>
        {t('kiosk.steps.position', { current: current + 1, total: steps.length })}
      </Text>
      <Group component="ol" aria-label={t('kiosk.steps.label')} gap="lg" m={0} p={0} style={{ listStyle: 'none' }}>
        {steps.map((s, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'later';
          return (
            <Group component="li" key={s} gap={8} wrap="nowrap" aria-current={state === 'current' ? 'step' : undefined}>
              <Box
                aria-hidden
                w={32}
                h={32}
                style={{
                  borderRadius: '50%',
                  display: 'grid',
                  placeItems: 'center',
                  fontWeight: 700,
                  border: '2px solid var(--mantine-primary-color-filled)',
                  background: state === 'later' ? 'transparent' : 'var(--mantine-primary-color-filled)',
                  color: state === 'later' ? 'var(--mantine-color-text)' : 'var(--mantine-primary-color-contrast)',
                }}
              >
                {i + 1}
              </Box>
              <Text size="lg" fw={state === 'current' ? 700 : 400} td={state === 'current' ? 'underline' : undefined}>
                {t(LABEL_KEY[s])}
              </Text>
            </Group>
          );
        })}
      </Group>
    </Box>
  );
}
