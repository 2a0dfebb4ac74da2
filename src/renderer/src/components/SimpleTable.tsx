import { Table, type TableProps } from '@mantine/core';
import { StatusBadge, type StatusColor } from './StatusBadge';
import type { ReactNode } from 'react';

interface SimpleTableProps extends Omit<TableProps, 'children'> {
  /** The table's accessible name. */
  label: string;
  /** Header cells, in column order ('' for a column without a heading). */
  headers: readonly ReactNode[];
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
  /** The body rows. */
  children: ReactNode;
}

/** A short, fixed table (a chart's figures, a record's details): every row always drawn. Lists use DataTable. */
export function SimpleTable({ label, headers, minWidth, children, ...props }: SimpleTableProps) {
  const table = (
    <Table aria-label={label} {...props}>
      <Table.Thead>
        <Table.Tr>
          {headers.map((h, i) => (
            <Table.Th key={i}>{h}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
  return minWidth === undefined ? table : <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer>;
}

/** A cell holding one state badge (status, subscription, delivery...), drawn the same way in every list. */
export function BadgeCell({ color, children }: { color: StatusColor; children: ReactNode }) {
  return (
    <Table.Td style={{ whiteSpace: 'nowrap' }}>
      <StatusBadge color={color}>{children}</StatusBadge>
    </Table.Td>
  );
}
