import { Alert } from '@mantine/core';
import { useT } from '../i18n';

/**
 * Confirms that something was done ("Settings saved."). Polite live region, so screen readers
 * announce it without interrupting; closable with its × button.
 */
export function StatusMessage({ message, onClose }: { message: string | null; onClose?: () => void }) {
  const t = useT();
  if (!message) return null;
  return (
    <Alert color="teal" variant="light" role="status" withCloseButton={!!onClose} onClose={onClose} closeButtonLabel={t('common.dismiss')}>
      {message}
    </Alert>
  );
}
