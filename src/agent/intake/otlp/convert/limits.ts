// Bounds on what one decoded value may hold, so a crafted payload cannot exhaust the stack.

/** Deepest nesting of AnyValue arrays / key-value lists accepted. */
export const MAX_VALUE_DEPTH = 32;
