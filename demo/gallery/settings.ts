/**
 * The gallery's settings, as its controls hold them (and its address keeps them): what the tiles
 * show, and what the "Copy" buttons hand a developer (hand-off.ts).
 */
export const SETTING_NAMES = [
  'locale',
  'theme',
  'display',
  'brand',
  'radius',
  'font',
  'width',
  'only',
] as const;

export type Settings = Record<(typeof SETTING_NAMES)[number], string>;

export function readSettings(form: HTMLFormElement): Settings {
  const data = new FormData(form);
  return Object.fromEntries(
    SETTING_NAMES.map((name) => [name, String(data.get(name) ?? '')])
  ) as Settings;
}

/**
 * The widget's custom properties that the settings set, the same on the tiles and in the CSS
 * handed off; an empty value leaves the widget's own (the system font).
 */
export function themeProperties(s: Settings): [name: string, value: string][] {
  return [
    ['--hc-brand', s.brand],
    ['--hc-radius', `${s.radius}px`],
    ['--hc-font-family', s.font],
  ];
}
