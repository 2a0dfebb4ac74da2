import { Alert } from '@mantine/core';
import { useT } from '../i18n';

/**
 * A form-level error, announced to screen readers. `title` says what did not happen
 * ("Not saved" by default; "Sign-in failed", "Not unlocked", …).
 */
export function FormError({ message, title }: { message: string | null; title?: string }) {
  const t = useT();
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title ?? t('common.notSaved')}>
      {message}
    </Alert>
  );
}
