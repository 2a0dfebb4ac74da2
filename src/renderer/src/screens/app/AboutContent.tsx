import { Anchor, Loader, Paper, Stack, Text, Title, Typography } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AboutInfo } from '../../../../shared/contract/app';
import { FormError } from '../../components/FormError';
import { renderPolicy } from './render-policy';

export function AboutContent() {
  const [about, setAbout] = useState<AboutInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void window.api.app.about({}).then((r) => (r.ok ? setAbout(r.value) : setError(r.error.message)));
  }, []);
  if (error) return <FormError message={error} title="Could not load the policy" />;
  if (!about) return <Loader aria-label="Loading the policy" />;
  const open = (url: string) => void window.api.app.openExternal({ url });
  return (
    <Stack>
      <Paper component="section" aria-labelledby="contact-heading" withBorder p="md" bg="gray.0">
        <Title order={3} id="contact-heading" mb="xs">
          Contact
        </Title>
        <Text>IXO Systems Oy · questions about your data or this policy</Text>
        <Text>
          Email:{' '}
          <Anchor component="button" onClick={() => open(`mailto:${about.contact.email}`)}>
            {about.contact.email}
          </Anchor>
        </Text>
        <Text>
          Phone:{' '}
          <Anchor component="button" onClick={() => open(`tel:${about.contact.phone.replace(/\s/g, '')}`)}>
            {about.contact.phone}
          </Anchor>
        </Text>
        <Text size="sm" c="dimmed">
          App version {about.appVersion} · Policy last updated {about.policyVersion}
        </Text>
      </Paper>
      <section aria-labelledby="policy-heading">
        <Title order={3} id="policy-heading" mb="xs">
          Privacy policy
        </Title>
        <Typography>{renderPolicy(about.policyMarkdown)}</Typography>
      </section>
    </Stack>
  );
}
