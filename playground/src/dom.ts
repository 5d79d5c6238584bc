/** A small element builder: the page is plain DOM, no framework. */
type Attrs = Record<string, string | boolean | number | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | undefined | false>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

let counter = 0;
/** A unique element id from a field path. */
export function idFor(path: string): string {
  counter++;
  return `f-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}-${counter}`;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
