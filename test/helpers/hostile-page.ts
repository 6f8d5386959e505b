/**
 * A host page whose own styles would reach into the widget through
 * inheritance (issue 13): a root font size of 62.5 %, and text transformed,
 * spaced, centred, unwrapped and tall. Returns the function that takes the
 * styles away again.
 */
export const HOSTILE_PAGE_CSS = `
  html { font-size: 62.5%; }
  body {
    text-transform: uppercase;
    letter-spacing: 3px;
    text-align: center;
    word-spacing: 12px;
    white-space: nowrap;
    line-height: 3;
    font-style: italic;
    font-weight: 700;
    text-indent: 40px;
  }
`;

export function hostilePage(): () => void {
  const style = document.createElement('style');
  style.textContent = HOSTILE_PAGE_CSS;
  document.head.append(style);
  return () => style.remove();
}
