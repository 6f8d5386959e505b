// Types of build-demo.js, for the TypeScript test that imports it.
export function buildDemo(outDir: string): Promise<void>;
