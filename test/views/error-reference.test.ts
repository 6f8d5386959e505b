/**
 * The reference under an error the person sees (issue 15, part 3): the service's `X-Request-Id`
 * for the call that failed, selectable, with a button that copies it; the same id in the `error`
 * event, for the host's logs.
 */
import {expect} from '@open-wc/testing';
import {findByRole, getByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';
import {mountWidget} from '../helpers/widget.js';

/** The widget at "We could not load this page", its session read failing with a 500. */
async function sessionFails() {
  const mounted = await mountWidget({open: false});
  mounted.mock.service.scenario.failOn = {
    method: 'GET',
    path: '/session',
    status: 500,
    code: 'server_error',
  };
  mounted.el.show();
  await findByRole(mounted.el, 'heading', 'We could not load this page');
  const lastTry = mounted.mock.service.requestsTo('GET', '/session').at(-1)!;
  return {...mounted, requestId: lastTry.requestId};
}

/** `navigator.clipboard.writeText`, answered by the test (no permission prompt in a test run). */
function stubClipboard(answer: (text: string) => Promise<void>): () => void {
  const clipboard = navigator.clipboard;
  const had = clipboard.writeText;
  clipboard.writeText = answer;
  return () => void (clipboard.writeText = had);
}

describe('the reference of an error', () => {
  it('shows the service request id under the error, and gives it to the host', async () => {
    const {el, of, requestId} = await sessionFails();
    expect(requestId).to.match(/^rid_/);
    const alert = getByRole(el, 'alert');
    await waitUntil(
      () => alert.textContent!.includes(`Reference: ${requestId}`),
      'the reference'
    );
    expect(of('error').at(-1)!.error.requestId).to.equal(requestId);
    await expect(el).to.be.accessible();
  });

  it('copies it, and says so', async () => {
    const {el, requestId} = await sessionFails();
    const copied: string[] = [];
    const restore = stubClipboard(async (text) => void copied.push(text));
    try {
      (await findByRole(el, 'button', 'Copy reference')).click();
      await waitUntil(() => copied.length === 1, 'the copy');
      expect(copied).to.deep.equal([requestId]);
      const said = getByRole(el, 'alert').querySelector('[role="status"]')!;
      await waitUntil(() => said.textContent === 'Copied', 'Copied');
    } finally {
      restore();
    }
  });

  it('where the clipboard is refused, selects it for the person to copy', async () => {
    const {el, requestId} = await sessionFails();
    const restore = stubClipboard(() =>
      Promise.reject(new DOMException('denied', 'NotAllowedError'))
    );
    try {
      (await findByRole(el, 'button', 'Copy reference')).click();
      await waitUntil(
        () => getSelection()?.toString() === requestId,
        'the reference selected'
      );
    } finally {
      restore();
    }
  });
});
