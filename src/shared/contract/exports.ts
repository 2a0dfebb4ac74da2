import { z } from 'zod';

export const EXPORT_FORMATS = ['csv', 'csv_bom', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV (UTF-8)',
  csv_bom: 'CSV for Excel (UTF-8 with BOM)',
  xlsx: 'Excel workbook (XLSX)',
};

export const exportFormat = z.enum(EXPORT_FORMATS, { error: 'Choose a file format.' });
