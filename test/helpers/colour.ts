// Colour arithmetic for the tests that check contrast (WCAG 2.2 relative luminance).

/** Any CSS colour as [r, g, b], through a canvas (which understands every syntax the browser does). */
function rgb(color: string): [number, number, number] {
  const ctx = document
    .createElement('canvas')
    .getContext('2d', {willReadFrequently: true})!;
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

/** The WCAG contrast ratio of two CSS colours, from 1 to 21. */
export function contrast(a: string, b: string): number {
  const lum = (c: [number, number, number]) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [l1, l2] = [lum(rgb(a)), lum(rgb(b))].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}
