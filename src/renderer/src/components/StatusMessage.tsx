import { Alert } from '@mantine/core';

/**
 * Confirms that something was done ("Settings saved."). Polite live region, so screen readers
 * announce it without interrupting; closable with its × button.
 */
export function StatusMessage({ message, onClose }: { message: string | null; onClose?: () => void }) {
  if (!message) return null;
  return (
    <Alert color="teal" variant="light" role="status" withCloseButton={!!onClose} onClose={onClose} closeButtonLabel="Dismiss">
      {message}
    </Alert>
  );
}
