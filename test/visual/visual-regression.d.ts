// @web/test-runner-visual-regression 0.10's index.d.ts re-exports
// './browser/commands.mjs', which TypeScript looks for as commands.d.mts and
// does not find: say here what that module exports.
declare module '@web/test-runner-visual-regression' {
  export function visualDiff(element: Node, name: string): Promise<void>;
}
