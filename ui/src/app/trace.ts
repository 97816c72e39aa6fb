// Performance marks for profiling a change's way through the window (sent,
// answered, rendered, committed), made only while `window.__threatloomTrace`
// is true (set it from the console or a benchmark), so they cost nothing else.
export function trace(name: string): void {
  if ((globalThis as { __threatloomTrace?: boolean }).__threatloomTrace) performance.mark(name);
}
