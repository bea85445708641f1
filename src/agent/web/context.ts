// What every web route shares: the store's queries (when the store runs), the agent's flush interval
// (the finest useful chart step), and a clock tests can move.
import { BadRequest } from './http';
import type { QueriesProvider, WebQueries } from './queries';

export class WebContext {
  constructor(
    private readonly queries: QueriesProvider,
    readonly flushIntervalSeconds: number,
    readonly clock: () => number = () => Date.now(),
  ) {}

  /** The query layer, or a 503 telling the caller the store is off. */
  requireQueries(): WebQueries {
    const queries = this.queries();
    if (queries === undefined)
      throw new BadRequest('the store is disabled: no metrics, logs or traces are kept', 503);
    return queries;
  }

  get storeEnabled(): boolean {
    return this.queries() !== undefined;
  }

  badRequest(message: string): BadRequest {
    return new BadRequest(message);
  }
}
