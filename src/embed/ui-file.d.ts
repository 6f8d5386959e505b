/** The UI's files as the build wrote them (rollup.config.js): the entry's name next to the loader, its hash, and the hash of each file it loads later, by name. */
declare module 'human-connect:ui-file' {
  export const UI_FILE: {
    src: string;
    integrity: string;
    later: Record<string, string>;
  };
}
