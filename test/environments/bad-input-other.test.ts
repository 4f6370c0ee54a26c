import { BAD_INPUT_ENV_FILES, badInputTable, CASES } from './bad-input-cases';

/** Bad input, second half: prod, the catalog and the versions files. */
badInputTable(CASES.filter((c) => !BAD_INPUT_ENV_FILES.includes(c.file)));
