// Types of browsers.js, for the TypeScript tests that import it.
export const BROWSERS: readonly ['chromium', 'firefox', 'webkit'];
export function missingPackages(name: (typeof BROWSERS)[number]): string[];
