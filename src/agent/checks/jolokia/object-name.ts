// JMX ObjectNames as Jolokia returns them. Jolokia 2.x keeps key properties in registration order
// (`canonicalNaming` false), 1.x sorts them, so names are compared by their parsed properties, never as text.

export interface ObjectName {
  domain: string;
  properties: Map<string, string>;
  /** A pattern (`*` as a key or in a value) matches beans with extra keys when it ends in `,*`. */
  isPropertyListPattern: boolean;
}

/** Parses `domain:key=value,key2="quoted, value"`; returns undefined for text that is not an ObjectName. */
export function parseObjectName(text: string): ObjectName | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const domain = text.slice(0, colon);
  const properties = new Map<string, string>();
  let isPropertyListPattern = false;
  let index = colon + 1;
  while (index < text.length) {
    if (text[index] === '*' && (index + 1 === text.length || text[index + 1] === ',')) {
      isPropertyListPattern = true;
      index += 2;
      continue;
    }
    const equals = text.indexOf('=', index);
    if (equals < 0) return undefined;
    const key = text.slice(index, equals);
    if (key === '' || /[,:"*?]/.test(key)) return undefined;
    let value: string;
    let next: number;
    if (text[equals + 1] === '"') {
      const parsed = readQuoted(text, equals + 1);
      if (!parsed) return undefined;
      [value, next] = parsed;
    } else {
      const comma = text.indexOf(',', equals + 1);
      next = comma < 0 ? text.length : comma;
      value = text.slice(equals + 1, next);
    }
    if (properties.has(key)) return undefined;
    properties.set(key, value);
    if (next < text.length && text[next] !== ',') return undefined;
    index = next + 1;
  }
  if (properties.size === 0 && !isPropertyListPattern) return undefined;
  return { domain, properties, isPropertyListPattern };
}

/** Reads a quoted value starting at `start` (the opening quote); returns the unescaped value and the index after it. */
function readQuoted(text: string, start: number): [string, number] | undefined {
  let value = '';
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') {
      const escaped = text[index + 1];
      if (escaped === undefined) return undefined;
      value += escaped === 'n' ? '\n' : escaped;
      index += 1;
    } else if (char === '"') {
      return [value, index + 1];
    } else {
      value += char;
    }
  }
  return undefined;
}

/** True when `name` (a concrete bean) has every property of `match` with the same value (or one of the listed). */
export function hasProperties(
  name: ObjectName,
  match: Readonly<Record<string, string | readonly string[]>>,
): boolean {
  return Object.entries(match).every(([key, expected]) => {
    const actual = name.properties.get(key);
    if (actual === undefined) return false;
    return typeof expected === 'string' ? actual === expected : expected.includes(actual);
  });
}

/** The same bean whatever the key order: `domain:` + sorted properties. */
export function canonicalObjectName(name: ObjectName): string {
  const keys = [...name.properties.keys()].sort();
  return `${name.domain}:${keys.map((key) => `${key}=${name.properties.get(key)}`).join(',')}`;
}
