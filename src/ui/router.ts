// A tiny hash router: `#/traces/<id>?span=…` → the page whose pattern matches, with path parameters and
// the query string. Hash routes keep the server simple (one HTML shell) and make every view linkable.
import { hashFor, matchRoute, parseHash } from './hash.js';

export interface Route {
  /** `/traces/:id` — `:name` segments capture. */
  pattern: string;
  render(context: RouteContext): void | (() => void);
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The page's container, emptied before render. */
  root: HTMLElement;
}

export class Router {
  private cleanup: (() => void) | undefined;

  constructor(
    private readonly routes: readonly Route[],
    private readonly root: HTMLElement,
    private readonly onNavigate: (path: string) => void = () => undefined,
  ) {}

  start(): void {
    window.addEventListener('hashchange', () => this.render());
    this.render();
  }

  /** Re-renders the current route (after a save, say). */
  render(): void {
    const { path, query } = parseHash(window.location.hash);
    this.cleanup?.();
    this.cleanup = undefined;
    while (this.root.firstChild) this.root.removeChild(this.root.firstChild);
    this.onNavigate(path);
    for (const route of this.routes) {
      const params = matchRoute(route.pattern, path);
      if (params === undefined) continue;
      const cleanup = route.render({ params, query, root: this.root });
      if (typeof cleanup === 'function') this.cleanup = cleanup;
      return;
    }
    const message = document.createElement('p');
    message.className = 'error';
    message.textContent = `No page at ${path}`;
    this.root.appendChild(message);
  }
}

/** Replaces the query of the current hash route without adding history entries for every keystroke. */
export function replaceQuery(
  path: string,
  query: Record<string, string | number | undefined | readonly string[]>,
): void {
  const target = hashFor(path, query);
  if (window.location.hash !== target) history.replaceState(null, '', target);
}
