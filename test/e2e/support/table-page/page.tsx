/**
 * A page holding nothing but the app's DataTable (with the app's theme and catalogues) over a
 * generated list, for the 100k-row checks: no screen of the app holds that many rows in memory,
 * since the core pages entries, audit and the access log. Configured by window.__tableConfig.
 */
import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { createRoot } from 'react-dom/client';
import { DataTable, type Column } from '../../../../src/renderer/src/components/DataTable';
import { StatusBadge } from '../../../../src/renderer/src/components/StatusBadge';
import { I18nProvider } from '../../../../src/renderer/src/i18n';
import { cssVariablesResolver, theme } from '../../../../src/renderer/src/theme';
import '../../../../src/renderer/src/theme.css';
import { tableRows, type TableRow } from './rows';

declare global {
  interface Window {
    __tableConfig: { rows: number; pageSize?: number; mode?: 'full' | 'window' };
    /** Milliseconds from the rows being ready to the first painted table. */
    __tableRenderMs?: number;
  }
}

const config = window.__tableConfig;
const rows = tableRows(config.rows);
const started = performance.now();

const columns: Column<TableRow>[] = [
  { id: 'n', header: 'Number', cell: (r) => r.n, sortValue: (r) => r.n },
  { id: 'name', header: 'Name', cell: (r) => r.name, sortValue: (r) => r.name },
  { id: 'email', header: 'Email', cell: (r) => r.email, sortValue: (r) => r.email },
  { id: 'company', header: 'Company', cell: (r) => r.company, sortValue: (r) => r.company },
  { id: 'consent', header: 'Consent', nowrap: true, cell: (r) => <StatusBadge color={r.consent ? 'teal' : 'gray'}>{r.consent ? 'Given' : 'Not given'}</StatusBadge>, sortValue: (r) => (r.consent ? 0 : 1) },
];

function Page() {
  return (
    <main style={{ padding: 16 }}>
      <h1>Generated entries</h1>
      <DataTable label="Generated entries" rows={rows} rowKey={(r) => r.n} columns={columns} minWidth={900} striped verticalSpacing="xs" {...(config.pageSize ? { pageSize: config.pageSize } : {})} />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Page />
    </MantineProvider>
  </I18nProvider>,
);

// rAF runs just before the first frame with the table is painted; the timeout after it runs once it has been.
requestAnimationFrame(() =>
  setTimeout(() => {
    window.__tableRenderMs = performance.now() - started;
  }, 0),
);
