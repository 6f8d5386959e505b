// The locales the widget ships. Kept in one place so that the loader, the
// resolver and lit-localize's configuration agree.
export const sourceLocale = 'en';
export const targetLocales: string[] = [];
