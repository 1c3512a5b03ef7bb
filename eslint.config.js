import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'data/**', 'checkpoints/**', 'test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      // TypeScript checks undefined names itself (typescript-eslint's advice).
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Only the IPC transport and the preload talk to Electron IPC (one contract, thin adapters).
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the API contract: only src/main/transport/ipc.ts, src/main/index.ts and src/preload may touch IPC.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/transport/ipc.ts', 'src/main/index.ts', 'src/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  prettier,
);
