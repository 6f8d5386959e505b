/**
 * The signs that the person is about to open the widget, on which the loader fetches the UI ahead
 * of the click: the pointer over a launcher, or the focus on one; and a `<human-connect>` on the
 * page (the page placed the element itself), once the page has loaded and the browser is idle, or
 * as soon as one is added later. Calls `preload` for each; it fetches once.
 */
export function watchIntents(doc: Document, preload: () => void): () => void {
  const onIntent = (event: Event) => {
    if (
      event.target instanceof Element &&
      event.target.closest('[data-hapi-token]')
    )
      preload();
  };
  doc.addEventListener('pointerover', onIntent, {passive: true});
  doc.addEventListener('focusin', onIntent);

  // After the page's `load`, when idle: the host page's own loading comes first.
  const win = doc.defaultView!;
  const whenIdle = () =>
    (win.requestIdleCallback ?? ((fn: () => void) => win.setTimeout(fn)))(
      preload
    );
  const placed = new MutationObserver(() => found());
  const found = () => {
    if (!doc.querySelector('human-connect')) return false;
    placed.disconnect();
    if (doc.readyState === 'complete') whenIdle();
    else win.addEventListener('load', whenIdle, {once: true});
    return true;
  };
  if (!found()) placed.observe(doc, {childList: true, subtree: true});

  return () => {
    doc.removeEventListener('pointerover', onIntent);
    doc.removeEventListener('focusin', onIntent);
    placed.disconnect();
    win.removeEventListener('load', whenIdle);
  };
}
