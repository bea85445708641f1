// The little menu a click on a chart point opens: logs and traces of that service around that time.
import { h, link } from '../dom.js';
import { formatTimestamp } from '../format.js';

let open: HTMLElement | undefined;

export function closePivotMenu(): void {
  open?.remove();
  open = undefined;
}

export function showPivotMenu(
  anchor: { x: number; y: number },
  title: string,
  timeSeconds: number,
  links: { label: string; href: string }[],
): void {
  closePivotMenu();
  const menu = h('div', { class: 'pivot-menu', attrs: { role: 'menu', 'data-testid': 'pivot-menu' } }, [
    h('div', { class: 'muted', text: `${title} · ${formatTimestamp(timeSeconds * 1000, false)}` }),
    ...links.map((l) =>
      link(l.label, l.href, { attrs: { role: 'menuitem' }, on: { click: () => closePivotMenu() } }),
    ),
  ]);
  menu.style.left = `${anchor.x + window.scrollX + 6}px`;
  menu.style.top = `${anchor.y + window.scrollY + 6}px`;
  document.body.appendChild(menu);
  open = menu;
  // The next click elsewhere closes it.
  setTimeout(() => document.addEventListener('click', onOutside, { once: true }), 0);
}

function onOutside(event: MouseEvent): void {
  if (open && event.target instanceof Node && open.contains(event.target)) {
    document.addEventListener('click', onOutside, { once: true });
    return;
  }
  closePivotMenu();
}
