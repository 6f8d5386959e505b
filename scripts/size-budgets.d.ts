// Types of size-budgets.js, for the TypeScript tests that import it.
export const LOADER_GZIP_BUDGET: number;
export const UI_GZIP_BUDGET: number;
export const UI_LATER_GZIP_BUDGET: number;
export const FULL_GZIP_BUDGET: number;
export const SCRIPT_TAG_FILES: {
  label: string;
  pattern: RegExp;
  budget: number;
}[];
export const OWN_CODE_GZIP_BUDGET: number;
