import {expect, nextFrame} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {sendKeys} from '@web/test-runner-commands';
import {typeText} from '../helpers/browser.js';
import {http, HttpResponse} from 'msw';
import {
  findByRole,
  findText,
  getByRole,
  queryAllByRole,
  queryByRole,
} from '../helpers/queries.js';
import {searchFor} from '../helpers/flow.js';
import {mountWidget, typeInto} from '../helpers/widget.js';
import {READ_RETRY} from '../../src/api/retry.js';

const searchField = (el: Element) =>
  findByRole<HTMLInputElement>(el, 'combobox', /search for your hospital/i);
const options = (el: Element) => queryAllByRole(el, 'option');
/** How many results the list holds, as a screen reader hears it (rows outside the view are not in the DOM). */
const setSize = (el: Element) =>
  Number(options(el)[0]?.getAttribute('aria-setsize') ?? 0);

/**
 * An answer held back until the test releases it. The mock service worker
 * answers one request at a time, so every request after it waits too: a test
 * releases it before it waits for another answer.
 */
function gate() {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  return {held, release, asked: false};
}

/** Whether `row` is wholly inside the list's visible area (a pixel of rounding aside). */
function whollyInView(list: Element, row: Element): boolean {
  const box = row.getBoundingClientRect();
  const view = list.getBoundingClientRect();
  return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
}

/** Waits until the option at `posinset` is the active one, drawn and wholly in view. */
async function activeOptionInView(
  el: Element,
  field: HTMLInputElement,
  posinset: string
): Promise<void> {
  const list = getByRole(el, 'listbox');
  await waitUntil(
    () => {
      const active = el.shadowRoot!.getElementById(
        field.getAttribute('aria-activedescendant') ?? ''
      );
      return (
        active?.getAttribute('aria-posinset') === posinset &&
        whollyInView(list, active)
      );
    },
    `option ${posinset} active, drawn and in view`,
    {timeout: 8000}
  );
}

describe('search view', () => {
  it('shows popular providers while the query is empty, and passes axe', async () => {
    const {el} = await mountWidget();
    await findText(el, 'Popular providers');
    await findByRole(el, 'option', /Kaiser Permanente/);
    expect(setSize(el)).to.equal(20);
    const field = await searchField(el);
    expect(el.shadowRoot!.activeElement === field, 'the search field has focus')
      .to.be.true;
    await expect(el).to.be.accessible();
  });

  it('shows name, category and location of each source', async () => {
    const {el} = await mountWidget();
    await typeInto(await searchField(el), 'mercy general');
    const option = await findByRole(el, 'option', /Mercy General Hospital/);
    expect(option.textContent).to.match(/Hospital · Sacramento, CA/);
  });

  // The pause after typing, and the order of answers, are proved without a
  // clock in test/controllers/source-search.test.ts; here, what the person
  // sees when answers come out of order.
  it('never shows the answer to a query the person has typed over', async () => {
    const {el, mock} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    // The answer for "mercy" comes only once "quest" has been typed.
    const slow = gate();
    mock.worker.use(
      http.get(`${mock.apiBase}/sources`, async ({request}) => {
        if (new URL(request.url).searchParams.get('q') !== 'mercy') return;
        slow.asked = true;
        await slow.held;
      })
    );
    const field = await searchField(el);
    await typeInto(field, 'mercy');
    await waitUntil(() => slow.asked, 'the search for "mercy" is in flight');
    field.select();
    await typeText('quest');
    slow.release();
    // The whole query answered: the list is no longer busy.
    await waitUntil(
      () => getByRole(el, 'listbox').getAttribute('aria-busy') === 'false',
      'the answer for "quest"'
    );
    const shown = options(el).map((o) => o.textContent!.trim().split(/\s+/)[1]);
    expect(shown.length, 'some results').to.be.greaterThan(0);
    expect(
      shown.filter((name) => name !== 'Quest').join(),
      'only Quest'
    ).to.equal('');
  });

  it('drops the popular list still in flight when the person starts typing', async () => {
    const {el, mock} = await mountWidget({open: false});
    // The popular sources come only once the person has typed.
    const popular = gate();
    mock.worker.use(
      http.get(`${mock.apiBase}/sources`, async ({request}) => {
        if (new URL(request.url).searchParams.get('q')) return;
        popular.asked = true;
        await popular.held;
      })
    );
    el.show();
    // Typed once the popular request reached the service (Firefox drops a request aborted
    // before its service worker saw it, and there would be no late answer to drop).
    await waitUntil(() => popular.asked, 'the popular sources were asked for');
    await typeInto(await searchField(el), 'zzqxv');
    popular.release();
    await findText(el, 'No providers match “zzqxv”.');
    expect(
      options(el).length,
      'no answer for an older query is shown'
    ).to.equal(0);
  });

  it('loads more results through the cursor', async () => {
    const {el} = await mountWidget();
    await searchFor(el, 'hospital');
    expect(setSize(el)).to.equal(20);
    getByRole(el, 'button', 'Show more results').click();
    await waitUntil(() => setSize(el) === 40, 'a second page of 20');
    expect(getByRole(el, 'button', 'Show more results')).to.exist;
  });

  it('filters by category', async () => {
    const {el} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    const labs = getByRole(el, 'button', 'Labs');
    labs.click();
    await findText(el, /\d[\d,]* results/);
    expect(labs.getAttribute('aria-pressed')).to.equal('true');
    expect(options(el).length).to.be.greaterThan(0);
    expect(options(el).every((o) => /Lab ·/.test(o.textContent!))).to.be.true;
  });

  it('says when nothing matches', async () => {
    const {el} = await mountWidget();
    await typeInto(await searchField(el), 'zzqxv');
    await findText(el, 'No providers match “zzqxv”.');
    await expect(el).to.be.accessible();
  });

  it('shows an error with a retry that keeps the query', async () => {
    const {el, mock, of} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    // Every try fails: the first and the retries the widget makes by itself.
    mock.service.scenario.failOn = {
      method: 'GET',
      path: '/sources',
      status: 500,
    };
    const field = await searchField(el);
    await typeInto(field, 'quest');
    const alert = await findByRole(el, 'alert');
    expect(
      mock.service
        .requestsTo('GET', '/sources')
        .filter((r) => r.url.includes('q=quest'))
    ).to.have.length(READ_RETRY.attempts);
    // (More than one only when the keys came slower than the debounce, and a search for the
    // first letters failed too.)
    expect(of('error').map((e) => e.error.code)).to.include('server_error');
    mock.service.scenario.failOn = null;
    expect(alert.textContent).to.match(/Something went wrong/);
    expect(of('error')[0].error.code).to.equal('server_error');
    expect(options(el)).to.have.length(0);
    await expect(el).to.be.accessible();
    getByRole(el, 'button', 'Try again').click();
    await findByRole(el, 'option', /Quest Diagnostics/);
    expect(field.value).to.equal('quest');
  });

  it('warns about a degraded source and will not choose one that is down', async () => {
    const {el} = await mountWidget();
    const field = await searchField(el);
    await typeInto(field, 'mercy medical center redding');
    const degraded = await findByRole(
      el,
      'option',
      /Mercy Medical Center Redding/
    );
    expect(degraded.textContent).to.match(/may be slow or incomplete/);

    field.select();
    await typeText('mercy hospital springfield');
    const down = await findByRole(el, 'option', /Mercy Hospital Springfield/);
    expect(down.getAttribute('aria-disabled')).to.equal('true');
    expect(down.textContent).to.match(/Unavailable right now/);
    down.click();
    await el.updateComplete;
    expect(queryByRole(el, 'button', 'Allow')).to.equal(null);
  });

  it('marks sources that are already connected', async () => {
    const {el} = await mountWidget();
    await typeInto(await searchField(el), 'fitbit');
    const fitbit = await findByRole(el, 'option', /^Fitbit/);
    expect(fitbit.textContent).to.match(/Already connected/);
    expect(fitbit.getAttribute('aria-disabled')).to.equal('true');
  });

  it('moves through results with the arrow keys and chooses with Enter', async () => {
    const {el} = await mountWidget();
    const field = await searchField(el);
    await typeInto(field, 'quest diagnostics');
    await findByRole(el, 'option', /Quest Diagnostics/);
    await findText(el, /results?/);
    await sendKeys({press: 'ArrowDown'});
    await el.updateComplete;
    const first = options(el)[0];
    expect(field.getAttribute('aria-activedescendant')).to.equal(first.id);
    expect(first.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({press: 'Enter'});
    await findByRole(el, 'button', 'Allow');
  });
});

describe('repeat queries', () => {
  it('answers a query typed again, and the way back from consent, without a request', async () => {
    const {el, mock} = await mountWidget();
    const asked = (q: string) =>
      mock.service
        .requestsTo('GET', '/sources')
        .filter((r) => new URL(r.url).searchParams.get('q') === q).length;
    const field = await searchField(el);
    await typeInto(field, 'quest');
    await waitUntil(
      () =>
        asked('quest') === 1 &&
        /\d+ results?/.test(getByRole(el, 'status').textContent!),
      'quest answered'
    );
    field.select();
    await typeText('labcorp');
    await waitUntil(() => asked('labcorp') === 1, 'labcorp asked');
    await findByRole(el, 'option', /^Labcorp/);

    field.select();
    await typeText('quest');
    await findByRole(el, 'option', /Quest Diagnostics/);
    expect(
      asked('quest'),
      'the repeated query was answered from memory'
    ).to.equal(1);

    const before = mock.service.requestsTo('GET', '/sources').length;
    options(el)[0].click();
    (await findByRole(el, 'button', 'Decline')).click();
    await findByRole(el, 'option', /Quest Diagnostics/);
    expect(
      mock.service.requestsTo('GET', '/sources').length,
      'back from consent'
    ).to.equal(before);
  });
});

describe('long result lists', () => {
  it('keeps only the rows in view in the DOM, and loads more at the end of the list', async () => {
    const {el} = await mountWidget();
    await searchFor(el, 'hospital');
    const more = () => getByRole(el, 'button', 'Show more results');
    for (let pages = 1; pages < 10; pages++) {
      more().click();
      await waitUntil(
        () =>
          setSize(el) === (pages + 1) * 20 &&
          queryByRole(el, 'button', 'Show more results'),
        `page ${pages + 1} (have ${setSize(el)})`,
        {timeout: 8000}
      );
    }
    expect(setSize(el)).to.equal(200);
    expect(options(el).length, 'rows in the DOM').to.be.below(40);

    // Scrolling to the end draws the last rows, and reaching it asks for the next page.
    const list = getByRole(el, 'listbox');
    list.scrollTop = list.scrollHeight;
    // As long as the pages above may take: WebKit and Firefox under load are slower than 1 s.
    await waitUntil(
      () => options(el).some((o) => o.getAttribute('aria-posinset') === '200'),
      'the last row drawn',
      {
        timeout: 8000,
      }
    );
    await waitUntil(
      () => setSize(el) === 220,
      'the next page, loaded by scrolling',
      {timeout: 8000}
    );
    expect(options(el).length).to.be.below(40);
  });

  it('brings the active option into view when the keyboard moves to it', async () => {
    const {el} = await mountWidget();
    const field = await searchFor(el, 'hospital');
    await sendKeys({press: 'ArrowDown'});
    // The last of the results loaded when End is pressed: bringing it into view reaches the end
    // of the list, which loads the next page, so the set may have grown by the time it is drawn.
    const last = String(setSize(el));
    await sendKeys({press: 'End'});
    await el.updateComplete;
    await activeOptionInView(el, field, last);
  });

  it('brings the last option wholly into view in a page that scales the widget down', async () => {
    const {el} = await mountWidget({display: 'inline'});
    // A transform scales the boxes the list measures, and not the pixels it scrolls by.
    el.parentElement!.style.transform = 'scale(0.75)';
    el.parentElement!.style.transformOrigin = '0 0';
    const field = await searchFor(el, 'hospital');
    field.focus();
    await sendKeys({press: 'ArrowDown'});
    const last = String(setSize(el));
    await sendKeys({press: 'End'});
    await activeOptionInView(el, field, last);
  });
});

describe('the window of rows', () => {
  /** Rows whose name matches, among those in the DOM. */
  const named = (el: Element, name: RegExp) =>
    options(el).filter((o) => name.test(o.textContent!));
  const posinset = (option: Element | undefined) =>
    Number(option?.getAttribute('aria-posinset'));
  /**
   * Replaces the query with `q` and waits for its answer to be shown: the list is busy from the
   * last key until the answer to the whole query (not an answer to the first letters, typed slowly).
   */
  async function search(el: HTMLElement, q: string): Promise<void> {
    const field = await searchField(el);
    field.focus();
    field.select();
    await searchFor(el, q);
    await waitUntil(() => options(el).length > 0, `rows for "${q}"`);
  }

  it('starts a new answer at its top, with its own rows, after the last list was scrolled', async () => {
    const {el} = await mountWidget();
    const field = await searchField(el);
    await search(el, 'hospital');
    const list = getByRole(el, 'listbox');
    list.scrollTop = 600;
    await waitUntil(
      () => posinset(options(el)[0]) > 1,
      'rows further down drawn'
    );

    await search(el, 'clinic');
    expect(named(el, /clinic/i), 'rows of the new answer only').to.have.length(
      options(el).length
    );
    expect(list.scrollTop).to.equal(0);
    expect(options(el).map(posinset)).to.deep.equal(
      options(el).map((_, i) => i + 1)
    );
    expect(options(el).length, 'rows in the DOM').to.be.below(20);

    // The keyboard still reaches both ends of the new list, drawing the rows it lands on.
    const activeOption = () =>
      el.shadowRoot!.getElementById(
        field.getAttribute('aria-activedescendant') ?? ''
      );
    const loaded = setSize(el);
    await sendKeys({press: 'ArrowDown'});
    await sendKeys({press: 'End'});
    // (Reaching the end may load the next page: the row pressed to stays the active one.)
    await waitUntil(
      () => posinset(activeOption() ?? undefined) === loaded,
      'the last row active and drawn'
    );
    const last = activeOption()!;
    const inView = (row: Element) => whollyInView(list, row);
    await waitUntil(() => inView(last), 'the last row scrolled into view');
    await sendKeys({press: 'Home'});
    await waitUntil(
      () =>
        posinset(activeOption() ?? undefined) === 1 && inView(activeOption()!),
      'the first row again'
    );
    expect(options(el).length, 'rows in the DOM').to.be.below(20);
  });

  it('leaves no gap below the last row when scrolled to the end', async () => {
    const {el, mock} = await mountWidget();
    // 18 hospitals and no next page: a list longer than the window, and its end is its end.
    const hospitals = mock.service.state.sources
      .filter((s) => s.category === 'hospital')
      .slice(0, 18);
    mock.worker.use(
      http.get(`${mock.apiBase}/sources`, ({request}) =>
        new URL(request.url).searchParams.get('q') === 'eighteen'
          ? HttpResponse.json({
              sources: hospitals,
              nextCursor: null,
              total: hospitals.length,
            })
          : undefined
      )
    );
    await search(el, 'eighteen');
    expect(setSize(el)).to.equal(18);
    expect(options(el).length, 'rows in the DOM').to.be.below(18);
    const list = getByRole(el, 'listbox');
    list.scrollTop = list.scrollHeight;
    await waitUntil(
      () => options(el).some((o) => posinset(o) === 18),
      'the last row drawn'
    );
    await el.updateComplete;
    // Rows measured taller or shorter than estimated change the height of the list: to the end again.
    list.scrollTop = list.scrollHeight;
    await nextFrame();
    await el.updateComplete;
    const last = options(el).at(-1)!;
    expect(posinset(last)).to.equal(18);
    const gap =
      list.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom;
    expect(Math.abs(gap), 'the last row ends where the list does').to.be.below(
      2
    );
  });

  it('gives the rows in view their logos once a fast scroll stops', async () => {
    const {el, mock} = await mountWidget();
    // 200 sources, all with a logo, and no next page.
    const sources = mock.service.state.sources
      .filter((s) => s.logoUrl)
      .slice(0, 200);
    mock.worker.use(
      http.get(`${mock.apiBase}/sources`, ({request}) =>
        new URL(request.url).searchParams.get('q') === 'logos'
          ? HttpResponse.json({
              sources,
              nextCursor: null,
              total: sources.length,
            })
          : undefined
      )
    );
    await search(el, 'logos');
    const hasLogo = (o: Element) => !!o.querySelector('img[src]');
    expect(
      options(el).every(hasLogo),
      'an answer draws its rows with their logos'
    ).to.be.true;

    // A jump of many rows in one frame: the rows that come into view may wait for their logo,
    // until the list stops.
    const list = getByRole(el, 'listbox');
    list.scrollTop = 5000;
    await waitUntil(
      () => posinset(options(el)[0]) > 50,
      'rows further down drawn'
    );
    await waitUntil(
      () => options(el).every(hasLogo),
      'every row drawn has its logo'
    );
    expect(options(el).length, 'rows in the DOM').to.be.below(20);
  });

  it('shows each row its own source’s logo as the rows slide, a broken one hidden only in its row', async () => {
    const {el, mock} = await mountWidget();
    // 60 sources with logos no test loaded before (none in the browser's cache), and no next
    // page; the logo of every fifth fails to load.
    const sources = mock.service.state.sources.slice(0, 60).map((s, i) => ({
      ...s,
      logoUrl: `https://logos.connect.mock/slide-${i}.svg`,
    }));
    const broken = (i: number) => i % 5 === 0;
    mock.worker.use(
      http.get(`${mock.apiBase}/sources`, ({request}) =>
        new URL(request.url).searchParams.get('q') === 'slide'
          ? HttpResponse.json({
              sources,
              nextCursor: null,
              total: sources.length,
            })
          : undefined
      ),
      http.get(/^https:\/\/logos\.connect\.mock\/slide-/, ({request}) =>
        sources.some((s, i) => broken(i) && s.logoUrl === request.url)
          ? new HttpResponse(null, {status: 404})
          : new HttpResponse(
              '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>',
              {
                headers: {'Content-Type': 'image/svg+xml'},
              }
            )
      )
    );
    await search(el, 'slide');
    const list = getByRole(el, 'listbox');
    /** Each row drawn: whether its image is its own source's, and shown unless that one is broken. */
    const rightLogos = () =>
      options(el).every((o) => {
        const i = posinset(o) - 1;
        const img = o.querySelector('img');
        return (
          img?.getAttribute('src') === sources[i]!.logoUrl &&
          img.hidden === (broken(i) && img.complete)
        );
      });
    // Slides of most of a row at a time, the way a wheel or a finger moves the list.
    for (let step = 1; step <= 20; step++) {
      list.scrollTop += 50;
      await nextFrame();
      await nextFrame();
      await el.updateComplete;
      await waitUntil(rightLogos, `every row its own logo (step ${step})`);
    }
    expect(posinset(options(el)[0]), 'the list slid').to.be.above(8);
    // Every broken logo drawn has failed by now, and is hidden in its own row only.
    await waitUntil(
      () =>
        options(el).every((o) => o.querySelector('img')!.complete) &&
        rightLogos(),
      'the logos settled'
    );
  });

  it('draws the rows of an answer in one go, not over the next frames', async () => {
    const {el} = await mountWidget();
    await search(el, 'hospital');
    const list = getByRole(el, 'listbox');

    // Frames counted by an animation-frame callback asked for before anything else in each frame.
    let frame = 0;
    let counting = true;
    const tick = () => {
      if (!counting) return;
      requestAnimationFrame(tick);
      frame++;
    };
    requestAnimationFrame(tick);
    // The frame each change to the rows or to the spacers (their style) was made in.
    const changes: {frame: number; answered: boolean}[] = [];
    const observer = new MutationObserver(() =>
      changes.push({
        frame,
        answered:
          named(el, /clinic/i).length > 0 &&
          named(el, /clinic/i).length === options(el).length,
      })
    );
    observer.observe(list, {
      childList: true,
      subtree: true,
      attributeFilter: ['style'],
    });

    await search(el, 'clinic');
    await el.updateComplete;
    for (let i = 0; i < 3; i++) await nextFrame();
    counting = false;
    observer.disconnect();

    const answer = changes.findIndex((c) => c.answered);
    expect(
      changes.slice(answer).map((c) => c.frame),
      'every change after the answer was drawn is made before the next frame'
    ).to.deep.equal(changes.slice(answer).map(() => changes[answer]!.frame));
  });
});

describe('request form', () => {
  it('sends a request for a provider that could not be found', async () => {
    const {el, mock, of} = await mountWidget();
    await typeInto(await searchField(el), 'Dr Who Clinic');
    await findText(el, /No providers match/);
    getByRole(el, 'button', 'Can’t find your provider?').click();
    const name = await findByRole<HTMLInputElement>(
      el,
      'textbox',
      'Provider name (required)'
    );
    expect(name.value).to.equal('Dr Who Clinic');
    await expect(el).to.be.accessible();
    await typeInto(getByRole(el, 'textbox', 'Address or city'), 'Cardiff');
    await typeInto(getByRole(el, 'textbox', 'Your doctor’s name'), 'Dr Smith');
    getByRole(el, 'button', 'Send request').click();
    await findText(el, 'Thanks! We received your request for “Dr Who Clinic”.');
    expect(mock.service.state.sourceRequests).to.have.length(1);
    getByRole(el, 'button', 'Close').click();
    await el.updateComplete;
    expect(of('close')[0].sessionResults.requestedSources).to.deep.equal([
      {name: 'Dr Who Clinic', address: 'Cardiff', physician: 'Dr Smith'},
    ]);
  });

  it('asks for a name, and keeps what was typed when sending fails', async () => {
    const {el, mock} = await mountWidget();
    (await findByRole(el, 'button', 'Can’t find your provider?')).click();
    (await findByRole(el, 'button', 'Send request')).click();
    await findText(el, 'Enter the name of the provider.');
    const name = getByRole<HTMLInputElement>(
      el,
      'textbox',
      'Provider name (required)'
    );
    expect(name.getAttribute('aria-invalid')).to.equal('true');

    mock.service.scenario.failOn = {
      method: 'POST',
      path: '/source-requests',
      status: 0,
      times: 1,
    };
    await typeInto(name, 'Lakeside Clinic');
    await typeInto(
      getByRole(el, 'textbox', 'Website'),
      'https://lakeside.example'
    );
    getByRole(el, 'button', 'Send request').click();
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.match(/could not reach the service/);
    expect(name.value).to.equal('Lakeside Clinic');
    expect(
      getByRole<HTMLInputElement>(el, 'textbox', 'Website').value
    ).to.equal('https://lakeside.example');
    getByRole(el, 'button', 'Send request').click();
    await findText(
      el,
      'Thanks! We received your request for “Lakeside Clinic”.'
    );
  });
});
