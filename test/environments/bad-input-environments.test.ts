import { BAD_INPUT_ENV_FILES, badInputTable, CASES } from './bad-input-cases';

/** Bad input, first half: the environment files (dev, staging) and shared config. */
badInputTable(CASES.filter((c) => BAD_INPUT_ENV_FILES.includes(c.file)));

test('the bad-input table has at least 20 cases, each with its own edit', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(20);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});
