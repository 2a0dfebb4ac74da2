import { Alert, Code, Stack, Text } from '@mantine/core';
import type { StoreFailure } from '../../../../shared/contract/app';
import { CenteredCard } from './CenteredCard';

const TITLES: Record<StoreFailure['problem'], string> = {
  no_keychain: 'No system keychain',
  key_missing: 'Database key missing',
  wrong_key: 'Wrong database key',
  corrupt: 'Database damaged',
  future_version: 'Database from a newer version',
  io: 'Database cannot be opened',
};

/** Shown instead of the app when a store cannot be opened. Nothing has been changed on disk. */
export function StoreErrorScreen({ failure }: { failure: StoreFailure }) {
  return (
    <CenteredCard title={TITLES[failure.problem]} width={560}>
      <Stack>
        <Alert color="red" role="alert" title="The app cannot open its data">
          {failure.message}
        </Alert>
        <div>
          <Text fw={600}>What to do</Text>
          <Text>{failure.action}</Text>
        </div>
        <Text size="xs" c="dimmed">
          Problem code: <Code>{failure.problem}</Code> · store: <Code>{failure.store}</Code>
        </Text>
      </Stack>
    </CenteredCard>
  );
}
