// File paths as the user sees them (either separator: the app runs on Windows too).

/** "/home/u/Payslip.threatmodel" → "Payslip.threatmodel". */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
