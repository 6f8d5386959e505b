/**
 * Popup or redirect (issue 16). `auto`, the default, takes the popup where one can work, and the
 * redirect where it cannot: no `window.open`, or a browser inside an app, whose `window.open`
 * opens another browser that never reports back (Instagram, Facebook, LINE, TikTok, Snapchat,
 * an Android WebView, an iOS app's WKWebView). A popup that was just blocked is the flow's to
 * handle: it offers "Continue in this tab". `native`: the app whose webview the page is in opens
 * the login itself (ASWebAuthenticationSession, Custom Tabs), told so over its bridge.
 */
export type LoginMode = 'popup' | 'redirect' | 'native' | 'auto';

/** Reads the `login` attribute: anything but the three modes is `auto`. */
export function parseLoginMode(value: unknown): LoginMode {
  return value === 'popup' || value === 'redirect' || value === 'native'
    ? value
    : 'auto';
}

// The apps' own marks in their user agents, as their browsers send them:
// Instagram "Instagram 300…", Facebook "FBAN/", "FBAV/", "FB_IAB", LINE "Line/", TikTok
// "musical_ly", "BytedanceWebview", Snapchat "Snapchat", WeChat "MicroMessenger".
const IN_APP =
  /\b(?:Instagram|FBAN|FBAV|FB_IAB|Line\/|musical_ly|BytedanceWebview|Snapchat|MicroMessenger)/i;
// Android's WebView says "; wv)" in its platform part.
const ANDROID_WEBVIEW = /Android[^)]*;\s*wv\)/;
// An iPhone or iPad app's WKWebView: AppleWebKit and Mobile, but neither Safari's own mark nor
// another browser's (CriOS, FxiOS, EdgiOS).
const IOS_WEBVIEW =
  /(?:iPhone|iPad|iPod).*AppleWebKit(?!.*(?:Safari|CriOS|FxiOS|EdgiOS))/;

/** Whether this user agent is a browser inside an app, where a popup opens elsewhere or nowhere. */
export function isInAppBrowser(userAgent: string): boolean {
  return (
    IN_APP.test(userAgent) ||
    ANDROID_WEBVIEW.test(userAgent) ||
    IOS_WEBVIEW.test(userAgent)
  );
}

/** What this browser can do, read by the caller (the flow never reads `window` itself). */
export interface LoginEnvironment {
  canOpenWindows: boolean;
  userAgent: string;
}

/** What this browser can do, as it says. */
const browserEnvironment = (): LoginEnvironment => ({
  canOpenWindows: typeof window.open === 'function',
  userAgent: navigator.userAgent,
});

/**
 * The way this login goes, for the mode asked (`login`'s value: anything else is `auto`), in this
 * browser or the one the caller describes.
 */
export function chooseLogin(
  mode: unknown,
  env: LoginEnvironment = browserEnvironment()
): Exclude<LoginMode, 'auto'> {
  const asked = parseLoginMode(mode);
  if (asked !== 'auto') return asked;
  return !env.canOpenWindows || isInAppBrowser(env.userAgent)
    ? 'redirect'
    : 'popup';
}
