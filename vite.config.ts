import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built to static files that both hosts serve: Electron through its app://
// protocol, the web host over HTTP. Relative asset paths work under both.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // Fonts stay as files (the CSP allows data: fonts, but files cache better).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
});
