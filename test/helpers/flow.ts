/** Steps of the flow that many tests walk through, done as a person does them. */
import {waitUntil} from './wait.js';
import {drivePopup, type PopupStep} from './popup.js';
import {findByRole, getByRole} from './queries.js';
import {typeInto} from './browser.js';
import {MOCK_LOGIN} from '../../sandbox/connect-service.js';

/**
 * Types `query` into the search field and waits for the answer to the whole query, not to its
 * first letters (under load the keys come slower than the debounce, and an early answer shows
 * first): the list is busy from the last key until then. No search is left pending afterwards.
 */
export async function searchFor(
  el: Element,
  query: string
): Promise<HTMLInputElement> {
  const field = await findByRole<HTMLInputElement>(
    el,
    'combobox',
    /search for your hospital/i
  );
  await typeInto(field, query);
  await waitUntil(
    () =>
      field.value === query &&
      getByRole(el, 'listbox').getAttribute('aria-busy') === 'false',
    `the answer for "${query}"`
  );
  return field;
}

/** From the search view to the consent view of the source named `name`. */
export async function chooseSource(
  el: Element,
  query: string,
  name: RegExp
): Promise<void> {
  await searchFor(el, query);
  (await findByRole(el, 'option', name)).click();
  await findByRole(el, 'button', 'Allow');
}

/** The steps of signing in on the mock login page. */
export function loginSteps(
  username: string = MOCK_LOGIN.username
): PopupStep[] {
  return [
    {fill: {label: 'Username', value: username}},
    {fill: {label: 'Password', value: MOCK_LOGIN.password}},
    {click: {name: 'Sign in'}},
    ...(username === MOCK_LOGIN.username
      ? ([
          {fill: {label: 'Verification code', value: MOCK_LOGIN.code}},
          {click: {name: 'Verify'}},
        ] as PopupStep[])
      : []),
    {waitForClose: true},
  ];
}

/** Signs in in the popup (or tab) that shows the mock login page. */
export async function logInInPopup(username?: string): Promise<void> {
  const result = await drivePopup({
    urlIncludes: '/sandbox/login.html',
    steps: loginSteps(username),
  });
  if (!result.ok) throw new Error(`popup: ${result.error}`);
}

export const MERCY = 'Mercy General Hospital';

/** In an open widget: search, pick Mercy General, Allow, sign in in the popup, see it connected. */
export async function connectMercy(widget: Element): Promise<void> {
  await chooseSource(widget, 'mercy general', new RegExp(`^${MERCY}`));
  getByRole(widget, 'button', 'Allow').click();
  await logInInPopup();
  await findByRole(widget, 'heading', `${MERCY} is connected`);
}
