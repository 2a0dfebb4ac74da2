import { Alert, Anchor, Code, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { StoreFailure } from '../../../../shared/contract/app';
import { AboutDialog } from '../app/AboutDialog';
import { CenteredCard } from './CenteredCard';

const TITLES: Record<StoreFailure['problem'], string> = {
  no_keychain: 'No system keychain',
  key_missing: 'Database key missing',
  wrong_key: 'Wrong database key',
  corrupt: 'Database damaged',
  future_version: 'Database from a newer version',
  io: 'Database cannot be opened',
};

/**
 * Shown instead of the app when a store cannot be opened. The core has left every file as it
 * was, so the screen's job is to say what happened, what to do, and whom to ask.
 */
export function StoreErrorScreen({ failure }: { failure: StoreFailure }) {
  const [aboutOpen, setAboutOpen] = useState(false);
  return (
    <CenteredCard title={TITLES[failure.problem]} subtitle="IXO Back Office could not open its data." width={600}>
      <Stack>
        <Alert color="red" variant="light" role="alert" title="What happened">
          {failure.message}
        </Alert>
        <section aria-labelledby="store-error-todo">
          <Title order={3} size="h5" id="store-error-todo" mb={4}>
            What to do
          </Title>
          <Text>{failure.action}</Text>
        </section>
        <List size="sm" c="dimmed" spacing={2}>
          <List.Item>Nothing has been deleted or overwritten: your data files are exactly as they were.</List.Item>
          <List.Item>
            If this keeps happening, contact support and quote the problem code below.{' '}
            <Anchor component="button" type="button" size="sm" onClick={() => setAboutOpen(true)}>
              Support contact details
            </Anchor>
          </List.Item>
        </List>
        <Text size="xs" c="dimmed">
          Problem code: <Code>{failure.problem}</Code> · store: <Code>{failure.store}</Code>
        </Text>
      </Stack>
      <AboutDialog opened={aboutOpen} onClose={() => setAboutOpen(false)} />
    </CenteredCard>
  );
}
