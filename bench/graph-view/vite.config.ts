import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** The two bench pages: bare Sigma, and Relata's graph view component, over the same graph. */
const root = import.meta.dirname;
export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: resolve(root, '../../.bench-tmp/graph-view/site'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000,
    rollupOptions: { input: { bare: resolve(root, 'bare.html'), relata: resolve(root, 'relata.html') } },
  },
});
