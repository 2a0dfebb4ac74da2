import { Alert } from '@mantine/core';

/**
 * A form-level error, announced to screen readers. `title` says what did not happen
 * ("Not saved" by default; "Sign-in failed", "Not unlocked", …).
 */
export function FormError({ message, title = 'Not saved' }: { message: string | null; title?: string }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title}>
      {message}
    </Alert>
  );
}
