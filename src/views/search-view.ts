/**
 * Search: a combobox over a listbox of sources (ARIA combobox pattern with
 * `aria-activedescendant`), category filters, paging through the cursor,
 * and the way to the request form and the connected sources.
 */
import {html, nothing, type ReactiveElement, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import {CATEGORIES, type Category, type Source} from '../api/types.js';
import type {FlowController} from '../flow/flow-controller.js';
import {
  categoryFilterLabel,
  categoryLabel,
  errorMessage,
  resultCount,
} from '../i18n/labels.js';
import {lazyView} from './lazy-view.js';
import {logo, reference} from './parts.js';
import type {ResultsList} from './results-list.js';

const FILTERS: (Category | undefined)[] = [undefined, ...CATEGORIES];

/** The connected-sources view's module, for its line on the search (`attentionLine`). */
const repairModule = lazyView(() => import('./connections-view.js'));

function place(source: Source): string {
  const {city, state} = source.location ?? {};
  return [city, state].filter(Boolean).join(', ');
}

function option(
  flow: FlowController,
  list: ResultsList,
  source: Source,
  index: number
): TemplateResult {
  const search = flow.search;
  const connected = flow.isLive(source.id);
  const down = source.status === 'down';
  const where = place(source);
  return html`<li
    role="option"
    id="option-${index}"
    aria-posinset=${index + 1}
    aria-setsize=${search.sources.length}
    part="option"
    class="option"
    aria-selected=${index === list.active ? 'true' : 'false'}
    aria-disabled=${down || connected ? 'true' : 'false'}
    @click=${() => flow.choose(source)}
    @pointermove=${() => list.activate(index)}
  >
    ${logo(source.name, list.showsLogo(index) ? flow.safeUrl(source.logoUrl) : undefined)}
    <span class="option-text">
      <span class="option-name"><bdi>${source.name}</bdi></span>
      <span class="option-meta"
        >${categoryLabel(source.category)}${
          // A string, not a template: the builds' template minifier trims a template's spaces.
          where ? ` · ${where}` : ''
        }</span
      >
      ${
        connected
          ? html`<span class="badge ok">${msg('Already connected')}</span>`
          : down
            ? html`<span class="badge down"
                >${msg('Unavailable right now: try again later')}</span
              >`
            : source.status === 'degraded'
              ? html`<span class="badge warn"
                  >${msg('Connection may be slow or incomplete')}</span
                >`
              : nothing
      }
    </span>
  </li>`;
}

function onKeydown(
  flow: FlowController,
  list: ResultsList,
  event: KeyboardEvent
): void {
  // The arrow keys, Home and End move through the listbox.
  if (list.onKey(event)) return;
  const search = flow.search;
  switch (event.key) {
    case 'Enter': {
      const source = search.sources[list.active];
      if (!source) return;
      flow.choose(source);
      break;
    }
    case 'Escape':
      // Esc first clears the query, as a native search field does; with an
      // empty field it closes the widget. That second Esc is handled here and
      // not left to the dialog's `cancel`: WebKit's (Safari's) native search
      // field consumes Esc in its own default action, even when empty, so a
      // modal <dialog> around it never gets the close request. Handling it
      // here (and preventing the default) closes once in every browser, in
      // modal and inline display alike.
      if (!search.query) {
        flow.requestClose('escape');
        break;
      }
      search.setQuery('');
      (event.target as HTMLInputElement).value = '';
      break;
    default:
      return;
  }
  event.preventDefault();
}

function status(flow: FlowController): TemplateResult | typeof nothing {
  const search = flow.search;
  if (search.status === 'error') {
    return html`<div class="notice error" role="alert">
      <p>${errorMessage(search.error?.code ?? 'server_error')}</p>
      ${reference(flow, search.error)}
      <button class="secondary" @click=${() => search.retry()}>
        ${msg('Try again')}
      </button>
    </div>`;
  }
  if (search.status === 'loading' && !search.sources.length) {
    return html`<p class="loading">${msg('Searching…')}</p>`;
  }
  if (search.status === 'ready' && !search.sources.length) {
    const query = search.query.trim();
    return html`<p class="empty">
      ${query ? msg(str`No providers match “${query}”.`) : msg('No providers to show.')}
    </p>`;
  }
  if (
    search.nextCursor &&
    (search.status === 'ready' || search.status === 'more')
  ) {
    const more = search.status === 'more';
    return html`<button
      class="secondary more"
      aria-disabled=${more ? 'true' : 'false'}
      @click=${() => !more && search.loadMore()}
    >
      ${more ? msg('Loading more…') : msg('Show more results')}
    </button>`;
  }
  return nothing;
}

export function searchView(
  flow: FlowController,
  locale: string,
  list: ResultsList
): TemplateResult {
  const search = flow.search;
  const query = search.query.trim();
  const active = list.active >= 0 ? `option-${list.active}` : undefined;
  const busy = search.status === 'loading' || search.status === 'more';
  // The person's sources: those that work, and those that wait for them to sign in again (a
  // failed first login is no source of theirs).
  const broken = flow.connections.filter(
    (c) => c.error?.code === 'reauth_required'
  ).length;
  const mine =
    flow.connections.filter((c) => c.status !== 'error').length + broken;
  return html`
    <h2 class="view-title" tabindex="-1">${msg('Find your provider')}</h2>
    <label class="field-label" for="search">
      ${msg('Search for your hospital, lab, pharmacy, insurer or device')}
    </label>
    <input
      id="search"
      part="search-input"
      type="search"
      role="combobox"
      autocomplete="off"
      spellcheck="false"
      aria-autocomplete="list"
      aria-controls="results"
      aria-expanded=${search.sources.length ? 'true' : 'false'}
      aria-activedescendant=${active ?? nothing}
      .value=${search.query}
      @input=${(e: Event) => search.setQuery((e.target as HTMLInputElement).value)}
      @keydown=${(e: KeyboardEvent) => onKeydown(flow, list, e)}
      data-autofocus
    />
    <div class="filters" role="group" aria-label=${msg('Type of provider')}>
      ${FILTERS.map(
        (category) =>
          html`<button
            class="chip"
            part="filter"
            aria-pressed=${search.category === category ? 'true' : 'false'}
            @click=${() => search.setCategory(category)}
          >
            ${categoryFilterLabel(category)}
          </button>`
      )}
    </div>
    ${
      flow.requestedName
        ? html`<p class="notice success">
            ${msg(str`Thanks! We received your request for “${flow.requestedName}”.`)}
          </p>`
        : nothing
    }
    ${
      // (a connection that needs the person: the connected sources' module says so)
      (broken > 0 &&
        repairModule(flow.host as ReactiveElement)?.attentionLine(
          flow,
          locale
        )) ||
      nothing
    }
    <p
      class="results-heading ${busy && search.sources.length ? 'loading' : ''}"
      id="results-label"
    >
      ${
        busy && search.sources.length
          ? msg('Searching…')
          : search.status === 'ready' && search.sources.length
            ? query || search.category
              ? resultCount(search.total, locale)
              : msg('Popular providers')
            : nothing
      }
    </p>
    <ul
      ${list.listbox}
      id="results"
      part="results"
      role="listbox"
      aria-label=${msg('Providers')}
      aria-busy=${busy ? 'true' : 'false'}
      class=${busy ? 'busy' : ''}
    >
      <li role="presentation" aria-hidden="true"></li>
      ${
        // Positional: a row's element shows whichever source is at its place in the window
        // (its logo is keyed, see parts.ts), which costs less than keyed rows.
        search.sources
          .slice(list.first, list.end)
          .map((source, i) => option(flow, list, source, list.first + i))
      }
      <li role="presentation" aria-hidden="true"></li>
    </ul>
    ${status(flow)}
    <div class="search-footer">
      <button class="link" @click=${() => flow.showRequestForm()}>
        ${msg('Can’t find your provider?')}
      </button>
      <button class="link" @click=${() => flow.showConnections()}>
        ${msg(str`Your connected sources (${mine})`)}
      </button>
    </div>
  `;
}
