import { Stack, Title } from '@mantine/core';
import { AboutContent } from './AboutContent';
import { useT } from '../../i18n';

export function AboutScreen() {
  const t = useT();
  return (
    <Stack maw={820}>
      <Title order={2}>{t('about.title')}</Title>
      <AboutContent />
    </Stack>
  );
}
