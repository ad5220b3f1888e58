// Lint rules, including the layer rule of ARCHITECTURE.md, whose allowlists live in lint/layers.js.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './lint/layers.js';
import { errorsPlugin } from './lint/swallowed-errors.js';

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { layers: layersPlugin, errors: errorsPlugin },
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
      'layers/allowlist': 'error',
      'errors/no-silent-catch': 'error',
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
