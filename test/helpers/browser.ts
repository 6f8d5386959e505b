/**
 * The viewport and the media features, in Chromium, Firefox and WebKit alike (the commands in
 * test/plugins/emulation-commands.js; @web/test-runner-commands' own cover Chromium only).
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

/** Whether this browser's driver can change the media features at run time (not WebKit's). */
export async function canEmulateMedia(): Promise<boolean> {
  return (await executeServerCommand<{supported: boolean}, MediaFeatures>('media', {}))?.supported === true;
}

/**
 * Emulates `prefers-color-scheme` and `prefers-reduced-motion`. Throws where the driver cannot
 * (check `canEmulateMedia()` first).
 */
export async function emulateMedia(features: MediaFeatures): Promise<void> {
  const result = await executeServerCommand<{supported: boolean}, MediaFeatures>('media', features);
  if (result?.supported !== true) throw new Error('this browser cannot emulate media features here');
}

/**
 * Types text with the real keyboard into whatever has the focus (trusted key events, one per
 * character). Use it rather than `sendKeys({type})`, which loses characters in WebKit.
 */
export async function typeText(text: string): Promise<void> {
  const done = await executeServerCommand<boolean, {text: string}>('type', {text});
  if (!done) throw new Error('the type command is not registered');
}
