import { Button, Code, Table } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import { useT } from '../i18n';

/**
 * One log row worded for people, with its raw record (action code, ids, details) a click away in
 * a row that opens below it.
 */
export function LogRow({ cells, raw, columns }: { cells: ReactNode; raw: Record<string, unknown>; columns: number }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <Table.Tr>
        {cells}
        <Table.Td>
          <Button size="compact-xs" variant="subtle" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
            {t(open ? 'common.hideDetails' : 'common.showDetails')}
          </Button>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr id={id}>
          <Table.Td colSpan={columns}>
            <Code block>{JSON.stringify(raw, null, 2)}</Code>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
