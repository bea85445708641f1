// What the web routes need from the store's query layer. Declared here (structurally satisfied by
// StoreQueries) so the routes state exactly what they use and tests can hand in a fake.
import type { StoreQueries } from '../store/query';

export type WebQueries = Pick<
  StoreQueries,
  | 'metrics'
  | 'metricNames'
  | 'tagKeys'
  | 'tagValues'
  | 'logs'
  | 'logFacets'
  | 'trace'
  | 'traces'
  | 'services'
  | 'operations'
>;

/** The store's queries, or undefined while the agent runs without a store (the routes answer 503). */
export type QueriesProvider = () => WebQueries | undefined;
