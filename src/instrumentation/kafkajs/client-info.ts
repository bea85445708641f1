// Learns a client's id and broker from kafkajs' own instrumentation events (every request reports them),
// and forwards all of the client's events to listeners that want them.
import { guarded } from '../../diagnostics/diagnostics';
import type { ClientInfo } from '../events';
import type { EventHub } from '../hub';
import type { KafkaEmitterClient } from './shapes';

export function newClientInfo(
  role: ClientInfo['role'],
  config: { groupId?: unknown; transactionalId?: unknown } | undefined,
): ClientInfo {
  return {
    role,
    clientId: undefined,
    broker: undefined,
    groupId: role === 'consumer' && typeof config?.groupId === 'string' ? config.groupId : undefined,
    transactionalId:
      role === 'producer' && typeof config?.transactionalId === 'string' ? config.transactionalId : undefined,
  };
}

export function watchClient(client: KafkaEmitterClient, info: ClientInfo, hub: EventHub): void {
  const events = client.events;
  if (typeof client.on !== 'function' || typeof events !== 'object' || events === null) return;
  // kafkajs builds an event object per request only while someone listens: without a listener for client
  // events, only requests are followed, and only until they told us the client id and broker.
  if (!hub.wants('onClientEvent')) {
    if (typeof events.REQUEST !== 'string') return;
    const stop = client.on(events.REQUEST, (event) =>
      guarded('kafkajs.clientEvent', undefined, () => {
        learnFromRequest(info, event.payload);
        if (info.clientId !== undefined && info.broker !== undefined) stop?.();
      }),
    );
    return;
  }
  for (const eventName of Object.values(events)) {
    if (typeof eventName !== 'string') continue;
    const isRequest = eventName === events.REQUEST;
    client.on(eventName, (event) =>
      guarded('kafkajs.clientEvent', undefined, () => {
        if (isRequest) learnFromRequest(info, event.payload);
        if (hub.wants('onClientEvent')) hub.clientEvent({ client: info, event });
      }),
    );
  }
}

function learnFromRequest(info: ClientInfo, payload: Record<string, unknown>): void {
  if (info.clientId === undefined && typeof payload.clientId === 'string') info.clientId = payload.clientId;
  if (info.broker === undefined && typeof payload.broker === 'string') info.broker = payload.broker;
}
