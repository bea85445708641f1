// DOM building without HTML strings: every text goes in through textContent and every attribute through
// setAttribute, so log lines, span attributes and tag values can never become markup.

type Child = Node | string | number | null | undefined | false;

export interface ElementOptions {
  class?: string;
  text?: string | number;
  title?: string;
  attrs?: Record<string, string | undefined>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

/** `h('td', { class: 'num', text: 3 })`, `h('ul', {}, items.map(…))`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.class) element.className = options.class;
  if (options.text !== undefined) element.textContent = String(options.text);
  if (options.title !== undefined) element.title = options.title;
  for (const [name, value] of Object.entries(options.attrs ?? {}))
    if (value !== undefined) element.setAttribute(name, value);
  for (const [event, listener] of Object.entries(options.on ?? {}))
    element.addEventListener(event, listener as EventListener);
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

/** A link inside the app (hash routes). */
export function link(text: string, href: string, options: ElementOptions = {}): HTMLAnchorElement {
  return h('a', { ...options, text, attrs: { ...options.attrs, href } });
}

export function badge(text: string, kind = text): HTMLSpanElement {
  return h('span', { class: `badge ${kind.replace(/[^A-Za-z_-]/g, '')}`, text });
}

export function labelled(label: string, control: HTMLElement): HTMLLabelElement {
  return h('label', {}, [label, control]);
}

export function select(
  options: readonly { value: string; label?: string }[],
  value: string,
  onChange: (value: string) => void,
  attrs: Record<string, string> = {},
): HTMLSelectElement {
  const element = h(
    'select',
    { attrs },
    options.map((o) => h('option', { text: o.label ?? o.value, attrs: { value: o.value } })),
  );
  element.value = value;
  element.addEventListener('change', () => onChange(element.value));
  return element;
}

export function errorBox(message: string): HTMLElement {
  return h('p', { class: 'error', text: message, attrs: { role: 'alert' } });
}
