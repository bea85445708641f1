// Strict number parsing for datagram fields. `Number()` alone is too forgiving for a wire protocol:
// it turns '' and ' ' into 0 and accepts hex, binary and 'Infinity'. A single scan checks the shape
// `[+-]digits[.digits][e[+-]digits]` first, without building a regex match object per value.

const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_DOT = 46;
const CHAR_E = 101;
const CHAR_UPPER_E = 69;

function isDigit(code: number): boolean {
  return code >= CHAR_0 && code <= CHAR_9;
}

/** A finite decimal number, or `undefined` when `text` is not one. */
export function parseDecimal(text: string): number | undefined {
  const length = text.length;
  let index = 0;
  if (length === 0) return undefined;
  let code = text.charCodeAt(0);
  if (code === CHAR_PLUS || code === CHAR_MINUS) index += 1;
  let mantissaDigits = 0;
  while (index < length && isDigit(text.charCodeAt(index))) {
    index += 1;
    mantissaDigits += 1;
  }
  if (index < length && text.charCodeAt(index) === CHAR_DOT) {
    index += 1;
    while (index < length && isDigit(text.charCodeAt(index))) {
      index += 1;
      mantissaDigits += 1;
    }
  }
  if (mantissaDigits === 0) return undefined;
  if (index < length) {
    code = text.charCodeAt(index);
    if (code !== CHAR_E && code !== CHAR_UPPER_E) return undefined;
    index += 1;
    if (index < length) {
      code = text.charCodeAt(index);
      if (code === CHAR_PLUS || code === CHAR_MINUS) index += 1;
    }
    const exponentStart = index;
    while (index < length && isDigit(text.charCodeAt(index))) index += 1;
    if (index === exponentStart || index < length) return undefined;
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A non-negative integer made of digits only (timestamps, lengths), or `undefined`. */
export function parseUnsignedInteger(text: string): number | undefined {
  const length = text.length;
  if (length === 0 || length > 15) return undefined;
  let value = 0;
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (!isDigit(code)) return undefined;
    value = value * 10 + (code - CHAR_0);
  }
  return value;
}
