/**
 * The viewport and the media features, in Chromium, Firefox and WebKit alike (the commands in
 * test/plugins/browser-commands.js; @web/test-runner-commands' own cover Chromium only).
 * Each resolves once the page sees the change.
 */
import {executeServerCommand} from '@web/test-runner-commands';

export interface Viewport {
  width: number;
  height: number;
}

/**
 * Sizes the viewport; resolves with the size it got. That is the size asked for, except in
 * WebKit below its narrowest window (about 450 CSS pixels), where it is that narrowest one.
 */
export async function setViewport(size: Viewport): Promise<Viewport> {
  const got = await executeServerCommand<Viewport, Viewport>('viewport', size);
  if (!got) throw new Error('the viewport command is not registered');
  return got;
}

export interface MediaFeatures {
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
}

/**
 * Puts the page in these media features, and says whether it could: Chromium and Firefox emulate
 * any of them at run time. WebKitGTK takes them from the system (GTK's settings) when it starts,
 * and WebDriver classic cannot change them, so there it is true only for the system's own features,
 * and each WebKit run has one set of them: `npm test` runs WebKit a second time, in a dark system
 * that prefers reduced motion, for the tests that follow the system (scripts/test-browsers.js).
 * A test loops over the features it checks and checks those this run can show.
 */
export async function useMedia(features: MediaFeatures): Promise<boolean> {
  const result = await executeServerCommand<
    {supported: boolean},
    MediaFeatures
  >('media', features);
  if (!result) throw new Error('the media command is not registered');
  return result.supported;
}

/**
 * Types text with the real keyboard into whatever has the focus (trusted key events, one per
 * character). Use it rather than `sendKeys({type})`, which loses characters in WebKit.
 */
export async function typeText(text: string): Promise<void> {
  const done = await executeServerCommand<boolean, {text: string}>('type', {
    text,
  });
  if (!done) throw new Error('the type command is not registered');
}

/** Types into a field with the real keyboard (trusted key events, one per character). */
export async function typeInto(
  input: HTMLElement,
  text: string
): Promise<void> {
  input.focus();
  await typeText(text);
}
