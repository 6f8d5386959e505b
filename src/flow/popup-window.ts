/**
 * Opening the login popup: kept apart from the wait for its login
 * (popup-login.ts), which is loaded only once the person has said Allow,
 * while the popup itself must open inside that click.
 */
/** Opens the login popup centred over the page; null when the browser blocks it. */
export function openPopup(url: string, name: string): Window | null {
  const width = 480;
  const height = 680;
  const left = Math.max(0, window.screenX + (window.outerWidth - width) / 2);
  const top = Math.max(0, window.screenY + (window.outerHeight - height) / 2);
  try {
    return window.open(
      url,
      name,
      `popup=yes,width=${width},height=${height},left=${left},top=${top}`
    );
  } catch {
    return null;
  }
}
