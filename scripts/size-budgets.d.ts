// Types of size-budgets.js, for the TypeScript tests that import it.
export const SCRIPT_TAG_GZIP_BUDGET: number;
export const OWN_CODE_GZIP_BUDGET: number;
