// Flat config. The restricted-imports rules make the two worlds a fact rather than an
// intention: the core and the webview page must never import the VS Code API.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/**', '.vscode-test/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|describe|suite|test)$/][callee.property.name='only']", message: 'Focused tests silence the rest of the suite.' }
      ]
    }
  },
  {
    files: ['src/core/**/*.ts', 'src/webview/**/*.ts', 'src/cli.ts', 'src/protocol.ts', 'test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The core, the CLI and the webview page stay free of the VS Code API.' }] }]
    }
  }
);
