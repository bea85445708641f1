// A short, bounded name for what went wrong: the innermost cause kafkajs wrapped (a retries-exceeded error
// hides the protocol error that caused it), as its Kafka error code name when it has one
// (`UNKNOWN_TOPIC_OR_PARTITION`), else its class name.
const MAX_DEPTH = 5;

export function errorTypeOf(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    const inner = causeOf(current);
    if (inner === undefined) break;
    current = inner;
  }
  if (typeof current === 'object' && current !== null) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string' && /^[A-Z][A-Z0-9_]*$/.test(type)) return type;
  }
  if (current instanceof Error) return current.name || current.constructor.name || 'Error';
  return current === undefined ? 'unknown' : typeof current;
}

function causeOf(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return undefined;
  const { originalError, cause } = error as { originalError?: unknown; cause?: unknown };
  const inner = originalError ?? cause;
  return inner !== error && typeof inner === 'object' && inner !== null ? inner : undefined;
}
