import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * The layers of src/, lowest first: a folder may import only the folders before it (and the
 * packages), never one after it, so no import runs upward and no folders import each other.
 * The entry points and root modules (src/*.ts) sit above them all. docs/architecture.md
 * explains the order.
 */
export const LAYERS = [
  'config',
  'common',
  'database',
  'storage',
  'audit',
  'crypto',
  'outbox',
  'queues',
  'session-cache',
  'reference',
  'users',
  'auth',
  'workflow',
  'incidents',
  'sources',
  'evidence',
  'comments',
  'notifications',
  'webhooks',
  'reminders',
  'sanctions',
  'public',
  'exports',
  'queue-admin',
  'health',
  'web-app',
  'jobs',
  'cli',
];

const upwardImports = LAYERS.map((layer, index) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(\\.\\./)+(${LAYERS.slice(index + 1).join('|') || 'a^'})/`,
            message: `src/${layer} may import only the layers below it (eslint.config.mjs, LAYERS).`,
          },
          ...(layer === 'cli'
            ? []
            : [
                {
                  regex:
                    '^(\\.\\./)+(app\\.module|configure-app|infrastructure|main|start|worker|worker\\.module)$',
                  message: 'Only the entry points and the CLI import the root modules of src/.',
                },
              ]),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'eslint.config.mjs',
      // Generated types and the file that type-checks against them (npm run client:check).
      'test/client/**',
      // The web application has its own package, lint config and checks (web/).
      'web/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Jest's asymmetric matchers (expect.any, expect.objectContaining, ...) are typed `any`,
    // and response bodies are read as `any` before a test narrows them: in tests the no-unsafe
    // rules would flag every assertion rather than a bug. They hold everywhere else.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  ...upwardImports,
);
