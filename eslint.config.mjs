// @ts-check
// Lint: ESLint's and typescript-eslint's recommended rules, type-aware for the TypeScript sources
// (floating promises, unsafe `any` flow, misused spreads need the type checker). `npm run lint`; CI runs it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Generated or built: CRD imports (cdk8s import), Ajv standalone validators, outputs.
    ignores: ['imports/**', 'src/policy/generated/**', 'lib/**', 'dist/**', 'cdktf.out/**', '.build/**', 'node_modules/**', 'coverage/**'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `interface XxxProps extends WorkloadProps {}` is the construct-library idiom for props with room to grow.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Misjudges assertions out of JSON typed with `any` (Record<string, any>): its autofix removed
      // assertions `tsc` needs. The type checker is the judge of those.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Output order must not depend on the machine's locale (src/manifests/text-order.ts says why).
      'no-restricted-properties': ['error', { property: 'localeCompare', message: 'orders by the locale (LANG): use compareText from src/manifests/text-order.ts' }],
    },
  },
  {
    // Tests read synthesized JSON through a deliberately loose `Obj` type and let the assertions judge
    // it; the unsafe-any rules would only ask for casts that prove nothing.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
