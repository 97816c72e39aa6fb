// Opening the export dialog on a format (File → Export to another tool → …),
// kept apart from the dialog, which loads on demand.
import type { ExportFormat } from '../bindings';
import { getApp, setApp } from '../app/store';

/** The format chosen last, offered first next time. */
let last: ExportFormat = 'report_pdf';

export const lastFormat = (): ExportFormat => last;

export function rememberFormat(format: ExportFormat): void {
  last = format;
}

/** File → Export to another tool → …: the dialog, on that format. */
export function openExportAs(format: ExportFormat): void {
  const s = getApp();
  if (!s.model || s.presenting) return;
  last = format;
  setApp({ panel: 'export' });
}
