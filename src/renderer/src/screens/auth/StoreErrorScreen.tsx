import { Alert, Anchor, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { StoreFailure } from '../../../../shared/contract/app';
import { AboutDialog } from '../app/AboutDialog';
import { CenteredCard } from './CenteredCard';
import { useFormat, useT } from '../../i18n';


/**
 * Shown instead of the app when a store cannot be opened. The core has left every file as it
 * was, so the screen's job is to say what happened, what to do, and whom to ask.
 */
export function StoreErrorScreen({ failure }: { failure: StoreFailure }) {
  const t = useT();
  const f = useFormat();
  const [aboutOpen, setAboutOpen] = useState(false);
  return (
    <CenteredCard title={t(`store.problem.${failure.problem}`)} subtitle={t('store.subtitle')} width={600}>
      <Stack>
        <Alert color="red" variant="light" role="alert" title={t('store.whatHappened')}>
          {f.language === 'en' ? failure.message : t(`store.message.${failure.problem}`, { store: t(`store.name.${failure.store}`) })}
        </Alert>
        <section aria-labelledby="store-error-todo">
          <Title order={3} size="h5" id="store-error-todo" mb={4}>
            {t('store.whatToDo')}
          </Title>
          <Text>{f.language === 'en' ? failure.action : t(`store.action.${failure.problem}`)}</Text>
        </section>
        <List size="sm" c="dimmed" spacing={2}>
          <List.Item>{t('store.nothingDeleted')}</List.Item>
          <List.Item>
            {t('store.contactSupport')}{' '}
            <Anchor component="button" type="button" size="sm" onClick={() => setAboutOpen(true)}>
              {t('store.supportLink')}
            </Anchor>
          </List.Item>
        </List>
        <Text size="xs" c="dimmed">
          {t('store.problemCode', { problem: failure.problem, store: failure.store })}
        </Text>
      </Stack>
      <AboutDialog opened={aboutOpen} onClose={() => setAboutOpen(false)} />
    </CenteredCard>
  );
}
