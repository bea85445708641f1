// The search syntax of log-based metric rules, a subset of Datadog's log search that users already write:
//
//   source:kafka status:(error OR warn) logger:kafka.log.* "Deleting segment" -@user.id:42 @duration:>100
//
// - `key:value` matches a field: source, service, host, status (or level), logger, `@attr` (a record attribute),
//   any other key a record tag `key:value`. Values may use `*` wildcards; comparisons are case-insensitive.
//   `key:(a OR b)` lists alternatives; `@attr:>10` (also >=, <, <=) compares numbers.
// - A bare word or a "quoted phrase" searches the message (case-insensitive substring; `*` wildcards in words).
// - Terms are ANDed; `OR`, `AND`, `NOT` / `-`, and parentheses work as in Datadog. `*` alone matches every record.
// Written here rather than taken from a library: no maintained package parses Datadog's syntax, and matching must
// be cheap because every rule sees every collected record.
import { normaliseLevel, type LogRecord } from '../record';
import { readRecordField, RECORD_FIELDS, type FieldValue } from './fields';

export type LogPredicate = (record: LogRecord) => boolean;

export class LogQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogQueryError';
  }
}

type Token =
  | { kind: 'open' | 'close' | 'or' | 'and' | 'not' }
  | { kind: 'term'; text: string; quoted: boolean; negated: boolean };

const MAX_QUERY_LENGTH = 4096;

/** Compiles a query to a predicate; throws LogQueryError saying what is wrong and where. */
export function compileLogQuery(query: string): LogPredicate {
  if (query.length > MAX_QUERY_LENGTH)
    throw new LogQueryError(`is longer than ${MAX_QUERY_LENGTH} characters`);
  const tokens = tokenize(query);
  if (tokens.length === 0) throw new LogQueryError('is empty (use * to match every record)');
  const parser = new Parser(tokens);
  const predicate = parser.parseOr();
  parser.expectEnd();
  return predicate;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close' });
      i += 1;
    } else {
      // A term: up to whitespace or a parenthesis outside quotes; `key:(…)` keeps its list for the parser.
      let negated = false;
      if (c === '-' && i + 1 < query.length && !/\s/.test(query[i + 1]!)) {
        negated = true;
        i += 1;
      }
      let text = '';
      let quoted = false;
      // A term that starts with a quote is a phrase, whatever it contains (colons included).
      const phrase = query[i] === '"';
      while (i < query.length && !/[\s()]/.test(query[i]!)) {
        const ch = query[i]!;
        if (ch === '"') {
          const end = findClosingQuote(query, i);
          text += unescape(query.slice(i + 1, end));
          quoted = true;
          i = end + 1;
        } else if (ch === '\\' && i + 1 < query.length) {
          text += query[i + 1];
          i += 2;
        } else {
          text += ch;
          i += 1;
        }
      }
      if (text.endsWith(':') && query[i] === '(') {
        // key:(a OR b): read up to the matching parenthesis as one term.
        const end = query.indexOf(')', i);
        if (end === -1) throw new LogQueryError(`"${text}(" has no closing parenthesis`);
        text += query.slice(i, end + 1);
        i = end + 1;
      }
      if (!quoted && !negated && (text === 'OR' || text === 'AND' || text === 'NOT')) {
        tokens.push({ kind: text === 'OR' ? 'or' : text === 'AND' ? 'and' : 'not' });
      } else if (text !== '' || quoted) {
        tokens.push({ kind: 'term', text, quoted: phrase, negated });
      }
    }
  }
  return tokens;
}

function findClosingQuote(query: string, start: number): number {
  for (let i = start + 1; i < query.length; i++) {
    if (query[i] === '\\') i += 1;
    else if (query[i] === '"') return i;
  }
  throw new LogQueryError(`the quote at character ${start + 1} is not closed`);
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parseOr(): LogPredicate {
    const parts = [this.parseAnd()];
    while (this.peek()?.kind === 'or') {
      this.position += 1;
      parts.push(this.parseAnd());
    }
    return parts.length === 1 ? parts[0]! : (record) => parts.some((part) => part(record));
  }

  expectEnd(): void {
    const token = this.peek();
    if (token !== undefined)
      throw new LogQueryError(
        token.kind === 'close' ? 'has an unmatched ")"' : `cannot be read past "${describe(token)}"`,
      );
  }

  private parseAnd(): LogPredicate {
    const parts: LogPredicate[] = [];
    for (;;) {
      const token = this.peek();
      if (token === undefined || token.kind === 'close' || token.kind === 'or') break;
      if (token.kind === 'and') {
        this.position += 1;
        continue;
      }
      parts.push(this.parseUnary());
    }
    if (parts.length === 0) throw new LogQueryError('has an operator with nothing after it');
    return parts.length === 1 ? parts[0]! : (record) => parts.every((part) => part(record));
  }

  private parseUnary(): LogPredicate {
    const token = this.tokens[this.position++]!;
    if (token.kind === 'not') {
      if (this.peek() === undefined) throw new LogQueryError('ends with NOT');
      const inner = this.parseUnary();
      return (record) => !inner(record);
    }
    if (token.kind === 'open') {
      const inner = this.parseOr();
      if (this.tokens[this.position]?.kind !== 'close')
        throw new LogQueryError('has a "(" that is not closed');
      this.position += 1;
      return inner;
    }
    if (token.kind === 'term') {
      const predicate = compileTerm(token.text, token.quoted);
      return token.negated ? (record) => !predicate(record) : predicate;
    }
    throw new LogQueryError(`has "${describe(token)}" where a search term was expected`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'term':
      return token.text;
    case 'open':
      return '(';
    case 'close':
      return ')';
    default:
      return token.kind.toUpperCase();
  }
}

function compileTerm(text: string, quoted: boolean): LogPredicate {
  if (text === '*') return () => true;
  const colon = quoted ? -1 : text.indexOf(':');
  if (colon <= 0) return messageMatcher(text, quoted);
  const key = text.slice(0, colon);
  const rawValue = text.slice(colon + 1);
  if (rawValue === '') throw new LogQueryError(`"${text}" has no value after the colon`);
  const values = alternatives(rawValue, text);
  const read = fieldReader(key);
  const matchers = values.map((value) => valueMatcher(value, key));
  return (record) => {
    const actual = read(record);
    if (actual === undefined) return false;
    return matchers.some((matches) => matches(actual));
  };
}

function alternatives(rawValue: string, term: string): string[] {
  if (!rawValue.startsWith('(')) return [rawValue];
  if (!rawValue.endsWith(')')) throw new LogQueryError(`"${term}" has no closing parenthesis`);
  const inside = rawValue.slice(1, -1).trim();
  const values = inside
    .split(/\s+OR\s+/)
    .map((v) => v.trim().replace(/^"(.*)"$/, '$1'))
    .filter((v) => v !== '');
  if (values.length === 0 || values.some((v) => /\s(AND|NOT)\s|^(AND|NOT)$/.test(v)))
    throw new LogQueryError(
      `"${term}": a value list takes alternatives joined by OR, as in status:(error OR warn)`,
    );
  return values;
}

type FieldReader = (record: LogRecord) => FieldValue;

function fieldReader(key: string): FieldReader {
  if (key === '@') throw new LogQueryError('"@" must be followed by an attribute name');
  if (key.startsWith('@') || RECORD_FIELDS.has(key)) return (record) => readRecordField(record, key);
  // Any other key is a tag: `env:prod` matches a record tagged env:prod.
  const prefix = `${key}:`;
  return (record) => {
    for (const tag of record.tags) if (tag.startsWith(prefix)) return tag.slice(prefix.length);
    return undefined;
  };
}

function valueMatcher(value: string, key: string): (actual: string | number | boolean) => boolean {
  const comparison = /^(>=|<=|>|<)(.+)$/.exec(value);
  if (comparison) {
    const limit = Number(comparison[2]);
    if (!Number.isFinite(limit))
      throw new LogQueryError(`"${key}:${value}" compares with something that is not a number`);
    const op = comparison[1];
    return (actual) => {
      const n = typeof actual === 'number' ? actual : Number(actual);
      if (!Number.isFinite(n) || actual === '') return false;
      return op === '>' ? n > limit : op === '>=' ? n >= limit : op === '<' ? n < limit : n <= limit;
    };
  }
  if (key === 'status' || key === 'level') {
    const level = normaliseLevel(value);
    if (level === undefined && !value.includes('*'))
      throw new LogQueryError(
        `"${key}:${value}" is not a log level (trace, debug, info, warn, error, fatal)`,
      );
    if (level !== undefined) return (actual) => actual === level;
  }
  const pattern = wildcardRegExp(value, true);
  return (actual) => pattern.test(String(actual));
}

function messageMatcher(text: string, phrase: boolean): LogPredicate {
  // Inside quotes `*` is a literal character, as in Datadog.
  if (!phrase && text.includes('*')) {
    const pattern = wildcardRegExp(text, false);
    return (record) => pattern.test(record.message);
  }
  const needle = text.toLowerCase();
  // Most messages are ASCII and most needles are found or not found the same way in either case: try the cheap
  // case-sensitive search first.
  return (record) => record.message.includes(text) || record.message.toLowerCase().includes(needle);
}

/** `*` is any run of characters; `whole`: the value must match entirely (fields), else anywhere (message). */
function wildcardRegExp(value: string, whole: boolean): RegExp {
  const body = value
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(whole ? `^${body}$` : body, 'is');
}
