// Span attributes from lifecycle events. Keys come from the span-attribute catalog only.
import type { Attributes } from '@opentelemetry/api';
import { ATTR } from '../../catalog/span-attributes';
import type { ClientInfo } from '../../instrumentation/events';

/**
 * The attributes every span starts with: the client's, then the operation. Built by plain property stores
 * into a fresh object, never by spreading one object into another and adding to it: on Node 20's V8 each
 * property added to a spread-made object costs microseconds (a new hidden class every time), which made
 * building attributes the largest single cost of a span (bench/FINDINGS.md, item 1).
 */
export function baseAttributes(client: ClientInfo, operationType: string, operationName: string): Attributes {
  const attributes: Attributes = {};
  attributes[ATTR.messagingSystem] = 'kafka';
  if (client.clientId) attributes[ATTR.clientId] = client.clientId;
  if (client.broker) {
    const colon = client.broker.lastIndexOf(':');
    if (colon > 0) {
      attributes[ATTR.serverAddress] = client.broker.slice(0, colon);
      const port = Number(client.broker.slice(colon + 1));
      if (Number.isInteger(port)) attributes[ATTR.serverPort] = port;
    } else {
      attributes[ATTR.serverAddress] = client.broker;
    }
  }
  attributes[ATTR.operationType] = operationType;
  attributes[ATTR.operationName] = operationName;
  return attributes;
}

export function byteSize(value: Buffer | string | null | undefined): number | undefined {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Buffer.isBuffer(value)) return value.length;
  return undefined;
}

/** A key as text, only when it is text: binary keys are not recorded. */
export function keyText(key: Buffer | string | null | undefined): string | undefined {
  if (typeof key === 'string') return key;
  if (!Buffer.isBuffer(key)) return undefined;
  const text = key.toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}

export function offsetNumber(offset: string | undefined): number | undefined {
  if (offset === undefined) return undefined;
  const value = Number(offset);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function errorType(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor.name;
  return typeof error;
}
