// A search box's text → an FTS5 MATCH expression, so no user input can be an FTS5 syntax error.
//
//   timeout broker          both words (AND)            "not leader"      the phrase
//   timeout OR refused      either                      -debug / -"a b"   must not contain
//   Replica*                prefix                      (words are case-insensitive; punctuation separates them)
//
// Every term is emitted as a quoted FTS5 string, so `:` `(` `*` `NEAR` and friends are plain text. Terms with
// no letters or digits match nothing useful and are dropped.

export interface FtsQuery {
  /** Expression the row must match; undefined when only negative terms were given. */
  match?: string;
  /** Expression the row must not match. */
  exclude?: string;
}

interface Term {
  text: string;
  prefix: boolean;
  negated: boolean;
  /** Joined to the previous positive term with OR. */
  or: boolean;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

function quote(term: Term): string {
  return `"${term.text.replace(/"/g, '""')}"${term.prefix ? '*' : ''}`;
}

function tokenize(input: string): Term[] {
  const terms: Term[] = [];
  const pattern = /(-?)(?:"([^"]*)"?|(\S+))/g;
  let pendingOr = false;
  for (let match = pattern.exec(input); match !== null; match = pattern.exec(input)) {
    const negated = match[1] === '-';
    const phrase = match[2];
    let text = phrase ?? match[3] ?? '';
    if (phrase === undefined && !negated && text === 'OR') {
      pendingOr = terms.length > 0;
      continue;
    }
    let prefix = false;
    if (phrase === undefined && text.endsWith('*')) {
      text = text.replace(/\*+$/, '');
      prefix = true;
    }
    if (!WORD_CHARACTER.test(text)) continue;
    terms.push({ text, prefix, negated, or: pendingOr && !negated });
    pendingOr = false;
  }
  return terms;
}

export function toFtsQuery(input: string): FtsQuery {
  const terms = tokenize(input);
  // Positive terms: AND-groups of OR-alternatives.
  const groups: string[][] = [];
  for (const term of terms.filter((t) => !t.negated)) {
    const last = groups[groups.length - 1];
    if (term.or && last !== undefined) last.push(quote(term));
    else groups.push([quote(term)]);
  }
  const negative = terms.filter((t) => t.negated).map(quote);
  const query: FtsQuery = {};
  if (groups.length > 0)
    query.match = groups
      .map((group) => (group.length === 1 ? group[0] : `(${group.join(' OR ')})`))
      .join(' AND ');
  if (negative.length > 0) query.exclude = negative.join(' OR ');
  return query;
}
