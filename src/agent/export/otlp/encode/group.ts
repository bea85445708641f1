// Spans and logs regrouped into OTLP's resource → scope nesting. Records decoded from one request share
// their resource object, so grouping by identity first avoids serialising every resource.
import type { Attributes, InstrumentationScope } from '../../../intake/otlp/model';

export interface ScopeGroup<T> {
  scope: InstrumentationScope;
  records: T[];
}

export interface ResourceGroup<T> {
  resource: Attributes;
  scopes: ScopeGroup<T>[];
}

export function groupByResource<T extends { resource: Attributes; scope: InstrumentationScope }>(
  records: readonly T[],
): ResourceGroup<T>[] {
  const keys = new WeakMap<Attributes, string>();
  const groups = new Map<string, { resource: Attributes; scopes: Map<string, ScopeGroup<T>> }>();
  for (const record of records) {
    let key = keys.get(record.resource);
    if (key === undefined) {
      key = JSON.stringify(record.resource);
      keys.set(record.resource, key);
    }
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { resource: record.resource, scopes: new Map() }));
    const scopeKey = `${record.scope.name}\u0000${record.scope.version ?? ''}`;
    let scope = group.scopes.get(scopeKey);
    if (scope === undefined) group.scopes.set(scopeKey, (scope = { scope: record.scope, records: [] }));
    scope.records.push(record);
  }
  return [...groups.values()].map((group) => ({
    resource: group.resource,
    scopes: [...group.scopes.values()],
  }));
}
