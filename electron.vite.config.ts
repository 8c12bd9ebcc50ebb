import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const sharedAlias = { '@shared': resolve(__dirname, 'src-main/shared') };

// electron-vite does not find src-main / src-renderer by itself: every entry is named here.
export default defineConfig({
  main: {
    resolve: { alias: sharedAlias },
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/index.ts') } },
    },
  },
  preload: {
    resolve: { alias: sharedAlias },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() anything but a few Electron modules,
      // so everything it uses is bundled in, and it must be CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: {
      alias: { ...sharedAlias, '@': resolve(__dirname, 'src-renderer/src') },
    },
    plugins: [vue()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      target: 'esnext',
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
