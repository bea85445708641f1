// Offset commits as the group coordinator answers them (kafkajs/src/broker: Broker.prototype.offsetCommit).
// kafkajs reports successful commits as `commit_offsets` events but nothing for failed ones; this is where
// both automatic and manual commits end, so the outcome is reported here.
import type { OffsetCommitEvent } from '../events';
import { now, type EventHub } from '../hub';

type OffsetCommit = (request: unknown, ...rest: unknown[]) => Promise<unknown>;

interface OffsetCommitRequest {
  groupId?: unknown;
  memberId?: unknown;
  topics?: unknown;
}

export function wrapOffsetCommit(original: OffsetCommit, getHub: () => EventHub | undefined): OffsetCommit {
  return function offsetCommitWithTelemetry(this: unknown, ...args: [unknown, ...unknown[]]) {
    const hub = getHub();
    const request = args[0] as OffsetCommitRequest | undefined;
    if (!hub || !hub.wants('onOffsetCommit') || typeof request !== 'object' || request === null) {
      return original.apply(this, args);
    }
    const event: OffsetCommitEvent = {
      groupId: typeof request.groupId === 'string' ? request.groupId : undefined,
      memberId: typeof request.memberId === 'string' ? request.memberId : undefined,
      topics: Array.isArray(request.topics) ? (request.topics as OffsetCommitEvent['topics']) : [],
      startTime: now(),
    };
    return hub.run('onOffsetCommit', event, () => original.apply(this, args));
  };
}
