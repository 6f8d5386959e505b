/**
 * What a script-tag entry knows of the page it lands on, read so that markup cannot forge it
 * (DOM clobbering): `<img name="currentScript">` makes `document.currentScript` that image, and
 * `<div id="HumanConnect">` makes `window.HumanConnect` that div.
 */

/**
 * The `<script>` element running now (the entry's own, while it runs), or null: read through
 * `Document`'s own getter, which a named element of the document cannot stand in for.
 */
export function ownScript(doc: Document): HTMLScriptElement | null {
  const script = Object.getOwnPropertyDescriptor(
    Document.prototype,
    'currentScript'
  )?.get?.call(doc);
  return script instanceof HTMLScriptElement ? script : null;
}

/** Whether `window.HumanConnect` is defined already (an element's id is not a definition). */
export function hasGlobalApi(win: Window): boolean {
  return Object.prototype.hasOwnProperty.call(win, 'HumanConnect');
}

/** Defines `window.HumanConnect`, once: no later script replaces it. */
export function defineGlobalApi(win: Window, api: unknown): void {
  Object.defineProperty(win, 'HumanConnect', {value: api, enumerable: true});
}
