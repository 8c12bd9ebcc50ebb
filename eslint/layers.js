// DESIGN.md "Layers (imports only point down)", as lint rules. A violation fails `npm test`;
// test/unit/lint-layers.test.ts proves each rule fires.
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'crypto', 'stream', 'events', 'util', 'http', 'https', 'url', 'buffer', 'tls', 'dgram', 'zlib', 'readline', 'worker_threads'];

const restrict = (patterns) => ['error', { patterns }];

export const layerRules = [
  {
    // Layer 1: pure TypeScript, importable by main and renderer.
    files: ['src-main/shared/**/*.ts'],
    ignores: ['src-main/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: nodeBuiltins, message: 'src-main/shared is pure TypeScript: no Node modules (layer 1).' },
        { group: ['electron', 'electron/*'], message: 'src-main/shared never imports electron (layer 1).' },
        { group: ['vue', 'vue/*', 'pinia', 'vue-*', '@vue/*'], message: 'src-main/shared never imports Vue (layer 1).' },
        { group: ['**/core/**', '**/transport/**', '**/preload/**', '**/src-renderer/**'], message: 'src-main/shared imports only itself (layer 1).' },
      ]),
    },
  },
  {
    // Layer 2: plain Node; every byte of real work runs under plain Node.
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['electron', 'electron/*'], message: 'src-main/core never imports electron (layer 2): put Electron glue in src-main/index.ts or transport/.' },
        { group: ['vue', 'vue/*', 'pinia', '@vue/*'], message: 'src-main/core never imports Vue (layer 2).' },
        { group: ['**/transport/**', '**/preload/**', '**/src-renderer/**'], message: 'src-main/core imports only shared and core (layer 2).' },
      ]),
    },
  },
  {
    // Layer 4: the renderer talks to main only through the contract client.
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': restrict([
        { group: nodeBuiltins, message: 'src-renderer runs in a sandboxed page: no Node modules (layer 4).' },
        { group: ['electron', 'electron/*'], message: 'src-renderer never imports electron: use the contract client in src/api (layer 4).' },
        { group: ['**/src-main/core/**', '**/src-main/transport/**', '**/src-main/preload/**', '**/src-main/index*', '../**/core/**'], message: 'src-renderer imports nothing from src-main but shared (layer 4).' },
      ]),
    },
  },
];
