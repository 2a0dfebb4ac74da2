import { Button, Group, Pagination, Table, Text, UnstyledButton, VisuallyHidden, type MantineSpacing } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useIntl } from 'react-intl';
import { memo, useCallback, useId, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { useFormat, useT } from '../i18n';
import { StatusBadge, type StatusColor } from './StatusBadge';
import { sortRows, type SortDirection } from './sort-rows';

/** One column: its heading, how a row fills its cell, and (optionally) how rows sort by it. */
export interface Column<T> {
  id: string;
  /** The column's heading; with `hiddenHeader` it is read by screen readers only (action columns). */
  header: string;
  hiddenHeader?: boolean;
  cell: (row: T) => ReactNode;
  /**
   * The value rows sort by. A column with one gets a sort button in its heading, unless the table
   * is paged by the core (then only the page on hand would be sorted, which would mislead).
   */
  sortValue?: (row: T) => string | number | null;
  /** With core paging that sorts (`paging.onSortChange`), the core can order the list by this column. */
  coreSortable?: boolean;
  /** Keep the cell on one line (dates, badges). */
  nowrap?: boolean;
  /** Draw the cell as a row heading (`th scope="row"`). */
  rowHeader?: boolean;
}

export type { SortDirection };
export interface SortState {
  column: string;
  direction: SortDirection;
}

/**
 * Pages kept by the core: `rows` is the page on screen, and the pager asks the screen for another.
 * With `onSortChange`, the headings of `coreSortable` columns ask the screen for another order
 * (the screen then loads its first page in that order) and `sort` is the order on screen.
 */
export interface CorePaging {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  sort?: SortState | null;
  onSortChange?: (sort: SortState) => void;
}

interface DataTableProps<T> {
  /** The table's accessible name. */
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  id?: string;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
  /** Rows per page when every row is on hand (default 1000); the table pages them itself. */
  pageSize?: number;
  /** Paging done by the core; overrides `pageSize`. */
  paging?: CorePaging;
  initialSort?: SortState;
  /** A row's raw record, a "Show details" button away in a row that opens below it. */
  rowDetails?: (row: T) => ReactNode;
  /** Marks a row as the one selected (aria-selected) or highlighted (a tinted background). */
  rowState?: (row: T) => { selected?: boolean; highlighted?: boolean };
  striped?: boolean;
  highlightOnHover?: boolean;
  withTableBorder?: boolean;
  verticalSpacing?: MantineSpacing;
}

/** More rows than this on one page are drawn as a window that follows the scroll position. */
export const VIRTUAL_FROM = 100;
/** The height of a windowed table's scroll area: most of a 768 px laptop screen under the header. */
const VIRTUAL_HEIGHT = 'min(60vh, 560px)';
const DEFAULT_PAGE_SIZE = 1000;
const ESTIMATED_ROW_PX = 42;

/**
 * The one table for lists. Sortable by keyboard (a button in each sortable heading, with
 * aria-sort on the heading), paged (by itself when every row is on hand, or by the core), and
 * windowed: a page of more than VIRTUAL_FROM rows keeps only the rows in view (plus a margin) in
 * the DOM, so a list of 100k rows scrolls like a short one. Every row is a `tbody` of its own so
 * that a row and its opened details are measured together.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { label, columns, rows, rowKey, id, minWidth, paging, rowDetails, rowState, striped, highlightOnHover, withTableBorder, verticalSpacing } = props;
  const t = useT();
  const f = useFormat();
  const { locale } = useIntl();
  const [sort, setSort] = useState<SortState | null>(props.initialSort ?? null);
  const [ownPage, setOwnPage] = useState(1);
  const [open, setOpen] = useState<ReadonlySet<string | number>>(() => new Set());
  const scrollRef = useRef<HTMLDivElement>(null);
  const detailsId = useId();

  const canSort = paging === undefined;
  const coreSort = paging?.onSortChange;
  const sortColumn = canSort && sort ? columns.find((c) => c.id === sort.column && c.sortValue) : undefined;
  const sorted = useMemo(() => (sortColumn && sort ? sortRows(rows, sortColumn.sortValue!, sort.direction, locale) : rows), [rows, sortColumn, sort, locale]);

  const pageSize = paging?.pageSize ?? props.pageSize ?? DEFAULT_PAGE_SIZE;
  const total = paging?.total ?? sorted.length;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = paging ? paging.page : Math.min(ownPage, pages);
  const shown = useMemo(() => (paging ? sorted : sorted.slice((page - 1) * pageSize, page * pageSize)), [paging, sorted, page, pageSize]);
  const firstIndex = (page - 1) * pageSize;

  const windowed = shown.length > VIRTUAL_FROM;
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: 6,
    enabled: windowed,
    // React draws the new rows in its own time rather than inside every scroll event.
    useFlushSync: false,
    getItemKey: (i) => rowKey(shown[i]!),
  });
  // Keeping the rows in view still while rows above them are measured moves the scroll position
  // under the user's feet during a scroll and stops the browser's own Home/End/Page Down animation.
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, instance) => !instance.isScrolling && item.start < (instance.scrollOffset ?? 0);

  const toPage = (next: number) => {
    if (paging) paging.onPageChange(next);
    else setOwnPage(next);
    scrollRef.current?.scrollTo({ top: 0 });
  };

  const nextSort = (s: SortState | null | undefined, column: string): SortState =>
    s?.column === column ? { column, direction: s.direction === 'ascending' ? 'descending' : 'ascending' } : { column, direction: 'ascending' };
  const toggleSort = (column: string) => {
    if (coreSort) {
      coreSort(nextSort(paging?.sort, column));
      scrollRef.current?.scrollTo({ top: 0 });
      return;
    }
    setSort((s) => nextSort(s, column));
    setOwnPage(1);
    scrollRef.current?.scrollTo({ top: 0 });
  };

  const toggleDetails = useCallback(
    (key: string | number) =>
      setOpen((o) => {
        const next = new Set(o);
        if (!next.delete(key)) next.add(key);
        return next;
      }),
    [],
  );

  const columnCount = columns.length + (rowDetails ? 1 : 0);
  const items: { index: number; key: string | number }[] = windowed ? virtualizer.getVirtualItems().map((v) => ({ index: v.index, key: v.key as string | number })) : shown.map((row, index) => ({ index, key: rowKey(row) }));
  const virtualItems = windowed ? virtualizer.getVirtualItems() : [];
  const padTop = virtualItems.length > 0 ? virtualItems[0]!.start : 0;
  const padBottom = virtualItems.length > 0 ? virtualizer.getTotalSize() - virtualItems[virtualItems.length - 1]!.end : 0;

  const table = (
    <Table
      id={id}
      aria-label={label}
      aria-rowcount={windowed || total > shown.length ? total + 1 : undefined}
      stickyHeader={windowed}
      highlightOnHover={highlightOnHover}
      withTableBorder={withTableBorder}
      verticalSpacing={verticalSpacing}
      style={striped ? ({ '--table-striped-color': 'var(--mantine-color-gray-0)' } as CSSProperties) : undefined}
    >
      <Table.Thead>
        <Table.Tr aria-rowindex={windowed || total > shown.length ? 1 : undefined}>
          {columns.map((c) => {
            const sortable = coreSort ? c.coreSortable === true : canSort && c.sortValue !== undefined;
            const current = coreSort ? paging?.sort : sort;
            const direction = current?.column === c.id && sortable ? current.direction : undefined;
            const heading = c.hiddenHeader ? <VisuallyHidden>{c.header}</VisuallyHidden> : c.header;
            return (
              <Table.Th key={c.id} aria-sort={sortable ? (direction ?? 'none') : undefined} style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}>
                {sortable ? (
                  <UnstyledButton onClick={() => toggleSort(c.id)} fw={700} fz="inherit" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
                    {heading}
                    <SortMark direction={direction} />
                  </UnstyledButton>
                ) : (
                  heading
                )}
              </Table.Th>
            );
          })}
          {rowDetails && (
            <Table.Th>
              <VisuallyHidden>{t('common.details')}</VisuallyHidden>
            </Table.Th>
          )}
        </Table.Tr>
      </Table.Thead>
      {padTop > 0 && (
        <tbody aria-hidden>
          <tr>
            <td colSpan={columnCount} style={{ height: padTop, padding: 0, border: 0 }} />
          </tr>
        </tbody>
      )}
      {items.map((item) => (
        <Row
          key={item.key}
          row={shown[item.index]!}
          index={item.index}
          rowIndex={windowed || total > shown.length ? firstIndex + item.index + 2 : undefined}
          columns={columns}
          rowKey={item.key}
          selected={rowState?.(shown[item.index]!).selected}
          highlighted={rowState?.(shown[item.index]!).highlighted}
          striped={striped === true}
          details={rowDetails}
          isOpen={open.has(item.key)}
          onToggle={toggleDetails}
          detailsId={`${detailsId}-${String(item.key)}`}
          measure={windowed ? virtualizer.measureElement : undefined}
        />
      ))}
      {padBottom > 0 && (
        <tbody aria-hidden>
          <tr>
            <td colSpan={columnCount} style={{ height: padBottom, padding: 0, border: 0 }} />
          </tr>
        </tbody>
      )}
    </Table>
  );

  // A windowed table scrolls in its own area; the area can take focus so arrow keys and Page Down scroll it.
  const body = windowed ? (
    <div ref={scrollRef} role="region" aria-label={label} tabIndex={0} style={{ maxHeight: VIRTUAL_HEIGHT, overflow: 'auto', overscrollBehavior: 'contain' }}>
      <div style={{ minWidth }}>{table}</div>
    </div>
  ) : minWidth === undefined ? (
    table
  ) : (
    <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer>
  );

  if (pages <= 1) return body;
  return (
    <div>
      {body}
      <Group justify="space-between" mt="xs" gap="sm">
        <Text size="sm" c="dimmed" aria-live="polite">
          {t('table.rangeOf', { from: f.number(firstIndex + 1), to: f.number(Math.min(total, firstIndex + shown.length)), total: f.number(total) })}
        </Text>
        <Pagination
          total={pages}
          value={page}
          onChange={toPage}
          aria-label={t('table.pagesOf', { label })}
          size="sm"
          getControlProps={(control) => ({ 'aria-label': t(`table.${control}Page`) })}
          getItemProps={(n) => ({ 'aria-label': t('table.page', { page: n }) })}
        />
      </Group>
    </div>
  );
}

interface RowProps<T> {
  row: T;
  index: number;
  rowIndex: number | undefined;
  columns: readonly Column<T>[];
  rowKey: string | number;
  selected: boolean | undefined;
  highlighted: boolean | undefined;
  striped: boolean;
  details: ((row: T) => ReactNode) | undefined;
  isOpen: boolean;
  onToggle: (key: string | number) => void;
  detailsId: string;
  measure: ((node: Element | null) => void) | undefined;
}

/**
 * One row (and its opened details) as a `tbody`, so a windowed table measures them together.
 * Memoised: while a list scrolls, only the rows coming into view are drawn.
 */
const Row = memo(function Row<T>({ row, index, rowIndex, columns, rowKey, selected, highlighted, striped, details, isOpen, onToggle, detailsId, measure }: RowProps<T>) {
  const t = useT();
  const background: CSSProperties | undefined = highlighted ? { background: 'var(--mantine-color-indigo-0)' } : striped && index % 2 === 0 ? { background: 'var(--table-striped-color)' } : undefined;
  return (
    <Table.Tbody data-index={index} ref={measure}>
      <Table.Tr aria-rowindex={rowIndex} aria-selected={selected} style={background}>
        {columns.map((c) => {
          const style = c.nowrap ? { whiteSpace: 'nowrap' as const } : undefined;
          return c.rowHeader ? (
            <Table.Th key={c.id} scope="row" style={{ ...style, fontWeight: 'normal' }}>
              {c.cell(row)}
            </Table.Th>
          ) : (
            <Table.Td key={c.id} style={style}>
              {c.cell(row)}
            </Table.Td>
          );
        })}
        {details && (
          <Table.Td>
            <Button size="compact-xs" variant="subtle" aria-expanded={isOpen} aria-controls={isOpen ? detailsId : undefined} onClick={() => onToggle(rowKey)}>
              {t(isOpen ? 'common.hideDetails' : 'common.showDetails')}
            </Button>
          </Table.Td>
        )}
      </Table.Tr>
      {details && isOpen && (
        <Table.Tr id={detailsId} style={background}>
          <Table.Td colSpan={columns.length + 1}>{details(row)}</Table.Td>
        </Table.Tr>
      )}
    </Table.Tbody>
  );
}) as <T>(props: RowProps<T> & { key?: string | number }) => ReactNode;

/** The sort state of a heading, drawn as an arrow; aria-sort already tells screen readers. */
function SortMark({ direction }: { direction: SortDirection | undefined }) {
  const d = direction === 'ascending' ? 'M4 10l4-4 4 4' : direction === 'descending' ? 'M4 6l4 4 4-4' : 'M5 6l3-3 3 3M5 10l3 3 3-3';
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden focusable="false" style={{ opacity: direction ? 1 : 0.6 }}>
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** A state (status, subscription, delivery...) for a badge column, drawn the same way in every list. */
export function badgeCell(color: StatusColor, text: ReactNode): ReactNode {
  return <StatusBadge color={color}>{text}</StatusBadge>;
}
