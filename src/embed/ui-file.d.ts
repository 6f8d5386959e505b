/** The UI file as the build wrote it (rollup.config.js): its name next to the loader, and its hash. */
declare module 'human-connect:ui-file' {
  export const UI_FILE: {src: string; integrity: string};
}
