/**
 * Inline sizes set through the CSSOM, as an element directive:
 * `<li ${cssomStyle({height: '120px'})}>`. Lit's `styleMap` writes a `style`
 * attribute on its first render, and a Content-Security-Policy without
 * `'unsafe-inline'` in `style-src` refuses that; properties set on
 * `element.style` are allowed under any policy.
 */
import {noChange} from 'lit';
import {Directive, directive, PartType, type ElementPart, type PartInfo} from 'lit/directive.js';

type Properties = Record<string, string>;

class CssomStyle extends Directive {
  private names = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('cssomStyle() goes on an element');
  }

  render(_properties: Properties): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [Properties]): typeof noChange {
    const {style} = part.element as HTMLElement;
    for (const name of this.names) if (!(name in properties)) style.removeProperty(name);
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    this.names = new Set(Object.keys(properties));
    return noChange;
  }
}

export const cssomStyle = directive(CssomStyle);
