// Which client kafkajs is building right now. kafkajs creates a client's retriers synchronously inside
// `kafka.producer()`, `kafka.consumer()` and the synchronous start of `consumer.run()`; whatever is created
// in that window belongs to that client, with no async context tracking on the hot path.
import type { ClientInfo } from '../events';

let building: ClientInfo | undefined;

export function whileBuilding<T>(client: ClientInfo, build: () => T): T {
  const outer = building;
  building = client;
  try {
    return build();
  } finally {
    building = outer;
  }
}

export function clientBeingBuilt(): ClientInfo | undefined {
  return building;
}
