import { Anchor, Loader, Paper, Stack, Text, Title, Typography } from '@mantine/core';
import { useChannelQuery } from '../../data';
import { FormError } from '../../components/FormError';
import { renderPolicy } from './render-policy';
import { useFormat, useT } from '../../i18n';

export function AboutContent() {
  const t = useT();
  const f = useFormat();
  const query = useChannelQuery('app.about', {});
  const about = query.data;
  const error = query.errorMessage;
  if (error) return <FormError message={error} title={t('about.loadFailed')} />;
  if (!about) return <Loader aria-label={t('about.loading')} />;
  const open = (url: string) => void window.api.app.openExternal({ url });
  return (
    <Stack>
      <Paper component="section" aria-labelledby="contact-heading" withBorder p="md" bg="gray.0">
        <Title order={3} id="contact-heading" mb="xs">
          {t('about.contact')}
        </Title>
        <Text>{t('about.contactLine')}</Text>
        <Text>
          {t('about.email')}{' '}
          <Anchor component="button" onClick={() => open(`mailto:${about.contact.email}`)}>
            {about.contact.email}
          </Anchor>
        </Text>
        <Text>
          {t('about.phone')}{' '}
          <Anchor component="button" onClick={() => open(`tel:${about.contact.phone.replace(/\s/g, '')}`)}>
            {about.contact.phone}
          </Anchor>
        </Text>
        <Text size="sm" c="dimmed">
          {t('about.versions', { app: about.appVersion, policy: about.policyVersion })}
        </Text>
      </Paper>
      <section aria-labelledby="policy-heading">
        <Title order={3} id="policy-heading" mb="xs">
          {t('about.policy')}
        </Title>
        {f.language !== 'en' && (
          <Text size="sm" c="dimmed" mb="xs">
            {t('about.policyLanguageNote')}
          </Text>
        )}
        <Typography lang="en">{renderPolicy(about.policyMarkdown)}</Typography>
      </section>
    </Stack>
  );
}
