/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';

/**
 * The shell sets Tauri's `freezePrototype`, which freezes Object.prototype. d3-color
 * (pulled in by React Flow's zoom) assigns `prototype.constructor = …` on plain
 * objects; with a frozen Object.prototype that assignment throws in module code
 * and the window stays blank. Defining the property instead behaves the same and
 * is allowed. The build fails if the pattern ever disappears, so a d3 update
 * cannot silently bring the problem back.
 */
function freezeSafeD3Color(): Plugin {
  const from = 'prototype.constructor = constructor;';
  const to =
    'Object.defineProperty(prototype, "constructor", { value: constructor, writable: true, enumerable: true, configurable: true });';
  return {
    name: 'threatloom:freeze-safe-d3-color',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]d3-color[\\/].*\.m?js$/.test(id)) return null;
      if (!code.includes(from)) this.error(`d3-color changed: "${from}" not found in ${id}; review the freezePrototype workaround`);
      return { code: code.split(from).join(to), map: null };
    },
  };
}

// Tauri serves dist/ from its own origin; everything is bundled (no CDN) and the
// entry is an external module script, so the strict CSP (no inline scripts) holds.
export default defineConfig({
  plugins: [freezeSafeD3Color()],
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
  },
});
