import { Anchor, Loader, Stack, Text, Title, Typography } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AboutInfo } from '../../../../shared/contract/app';
import { renderPolicy } from './render-policy';

export function AboutContent() {
  const [about, setAbout] = useState<AboutInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void window.api.app.about({}).then((r) => (r.ok ? setAbout(r.value) : setError(r.error.message)));
  }, []);
  if (error) return <Text c="red">{error}</Text>;
  if (!about) return <Loader aria-label="Loading" />;
  const open = (url: string) => void window.api.app.openExternal({ url });
  return (
    <Stack>
      <section aria-labelledby="contact-heading">
        <Title order={3} id="contact-heading">
          Contact
        </Title>
        <Text>IXO Systems Oy</Text>
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
      </section>
      <section aria-labelledby="policy-heading">
        <Title order={3} id="policy-heading" mb="xs">
          Privacy policy
        </Title>
        <Typography>{renderPolicy(about.policyMarkdown)}</Typography>
      </section>
    </Stack>
  );
}
