/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Tauri serves dist/ from its own origin; everything is bundled (no CDN) and the
// entry is an external module script, so the strict CSP (no inline scripts) holds.
export default defineConfig({
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: 'dist',
    target: 'es2021',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React Flow ships a "use client" directive that means nothing in a bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // The stylesheet rules (src/styles/styles.test.ts) read the CSS as written.
    css: { include: /\.css/ },
  },
});
