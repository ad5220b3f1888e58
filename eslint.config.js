// Lint rules, including the layer rule of ARCHITECTURE.md: imports point down only.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

const MAIN = './src-main';
const SERVICES = [
  'media',
  'edit',
  'programme',
  'workflow',
  'publish',
  'live',
  'archive',
  'reports',
  'system',
  'settings',
];
const ABOVE_SERVICES = [`${MAIN}/app`, `${MAIN}/hosts`, `${MAIN}/cli`];

/** Each zone: files in `target` may not import from `from`. */
const layerZones = [
  // 1. The contract depends on nothing else of ours.
  {
    target: `${MAIN}/contract`,
    from: MAIN,
    except: ['./contract'],
    message: 'The contract (layer 1) imports nothing else of ours.',
  },
  // The platform helpers know the contract's types and nothing above.
  {
    target: `${MAIN}/platform`,
    from: MAIN,
    except: ['./contract', './platform'],
    message: 'platform/ holds OS helpers: it may import only the contract.',
  },
  // 3. The store knows the contract only.
  {
    target: `${MAIN}/store`,
    from: MAIN,
    except: ['./contract', './store', './platform'],
    message: 'The store (layer 3) may import only the contract and platform helpers.',
  },
  // 2. Services never reach up into the composition root, the hosts or the CLI.
  ...SERVICES.map((s) => ({
    target: `${MAIN}/${s}`,
    from: ABOVE_SERVICES,
    message: 'Services (layer 2) must not import the composition root, hosts or CLI.',
  })),
  // 4. The composition root does not know its hosts.
  {
    target: `${MAIN}/app`,
    from: [`${MAIN}/hosts`, `${MAIN}/cli`],
    message: 'app/ (layer 4) must not import hosts or the CLI.',
  },
  // The renderer never imports Node code: only the contract, and only its types (checked below).
  {
    target: './src-renderer',
    from: MAIN,
    except: ['./contract'],
    message: 'The renderer talks to main only through the studio client; it never imports main code.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        window: 'readonly',
        document: 'readonly',
      },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Signal-style process rule: renderer files may reach the contract by `import type` only.
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Any contract module except languages.ts, which is plain data (the default language list).
              regex: 'src-main/contract(/(?!languages$)[^/]+)?$',
              allowTypeImports: true,
              message:
                'The renderer imports the contract with `import type` only (plain data: contract/languages).',
            },
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'electron'],
              message: 'The renderer runs in a sandboxed page: no Node or Electron modules.',
            },
          ],
        },
      ],
    },
  },
);
