import { Stack, Title } from '@mantine/core';
import { AboutContent } from './AboutContent';

export function AboutScreen() {
  return (
    <Stack maw={820}>
      <Title order={2}>About & privacy</Title>
      <AboutContent />
    </Stack>
  );
}
