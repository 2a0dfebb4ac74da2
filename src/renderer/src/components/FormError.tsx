import { Alert } from '@mantine/core';

/** A form-level error, announced to screen readers. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" title="Not saved">
      {message}
    </Alert>
  );
}
