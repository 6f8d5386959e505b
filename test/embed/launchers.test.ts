/**
 * The declarative launchers (src/embed/launchers.ts) alone, against a stand-in for
 * window.HumanConnect: what a click opens, and how far the page's own <script> lets launchers
 * count (everywhere, inside the containers it names, or nowhere) and which service they may name.
 */
import {expect, fixture, html} from '@open-wc/testing';
import type {
  HumanConnectGlobal,
  OpenOptions,
} from '../../src/embed/global-api.js';
import {installLaunchers} from '../../src/embed/launchers.js';

let opened: OpenOptions[];
let uninstall: (() => void) | undefined;

const api = {
  open: async (options?: OpenOptions) => {
    opened.push(options ?? {});
    return new Promise(() => {});
  },
} as unknown as HumanConnectGlobal;

/** The page's own <script>, with these attributes. */
function script(attributes: Record<string, string> = {}): HTMLScriptElement {
  const element = document.createElement('script');
  for (const [name, value] of Object.entries(attributes))
    element.setAttribute(name, value);
  return element;
}

function install(attributes?: Record<string, string>): void {
  uninstall = installLaunchers(document, api, script(attributes));
}

beforeEach(() => {
  opened = [];
});
afterEach(() => uninstall?.());

describe('launchers', () => {
  it('open with the token, service, locale, source and connection the launcher names, from a click anywhere inside it', async () => {
    install();
    const launcher = await fixture(html`
      <a
        href="#connect"
        data-hapi-token="tok"
        data-hapi-api-base="https://connect.example.com/v1"
        data-hapi-locale="fr"
        data-hapi-source-id="src_mercy"
        data-hapi-connection-id="conn_42"
        ><span>Connect</span></a
      >
    `);
    launcher.querySelector('span')!.click();
    expect(opened).to.deep.equal([
      {
        token: 'tok',
        apiBase: 'https://connect.example.com/v1',
        locale: 'fr',
        sourceId: 'src_mercy',
        connectionId: 'conn_42',
      },
    ]);
    expect(location.hash, 'the link is not followed').to.equal('');
  });

  it('with data-launchers="off" on the script, open nothing', async () => {
    install({'data-launchers': 'off'});
    const launcher = await fixture<HTMLButtonElement>(
      html`<button data-hapi-token="tok">Connect</button>`
    );
    launcher.click();
    expect(opened).to.deep.equal([]);
  });

  it('with a selector in data-launchers, count only inside the containers it names', async () => {
    install({'data-launchers': '.hapi__token-container'});
    const page = await fixture(html`
      <div>
        <div class="hapi__token-container">
          <button data-hapi-token="ours">Connect</button>
        </div>
        <div class="comments">
          <button data-hapi-token="planted">See your lab results</button>
        </div>
      </div>
    `);
    for (const button of page.querySelectorAll('button')) button.click();
    expect(opened.map((o) => o.token)).to.deep.equal(['ours']);
  });

  it('with data-api-base on the script, follow no launcher that names another service', async () => {
    install({'data-api-base': 'https://connect.example.com/v1'});
    const page = await fixture(html`
      <div>
        <button data-hapi-token="a">Ours, named</button>
        <button
          data-hapi-token="b"
          data-hapi-api-base="https://evil.example/v1"
        >
          Theirs
        </button>
        <button data-hapi-token="c" data-hapi-api-base="not a url at all">
          Broken
        </button>
        <button
          data-hapi-token="d"
          data-hapi-api-base="https://connect.example.com/v2"
        >
          Ours, another path
        </button>
      </div>
    `);
    for (const button of page.querySelectorAll('button')) button.click();
    expect(opened.map((o) => [o.token, o.apiBase])).to.deep.equal([
      ['a', undefined],
      ['d', 'https://connect.example.com/v2'],
    ]);
  });
});
