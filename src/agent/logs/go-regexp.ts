// Datadog writes processing-rule patterns in Go (RE2) syntax. Most of it is also JavaScript syntax; the pieces that
// are not, and that real configurations use, are translated here: leading inline flags `(?i)` `(?s)` `(?m)`,
// named groups `(?P<name>…)`, and `${1}` / `${name}` references in replacement text.
// Unlike RE2, JavaScript regular expressions can backtrack badly; lines are bounded in length, which bounds the cost.

export type CompiledPattern = { ok: true; regexp: RegExp } | { ok: false; message: string };

const SUPPORTED_FLAGS = new Set(['i', 's', 'm']);

/** `anchorStart`: the pattern must match at the start of the text (Datadog's multi_line rules). */
export function compileGoPattern(
  pattern: string,
  options: { anchorStart?: boolean; global?: boolean } = {},
): CompiledPattern {
  let body = pattern;
  const flags = new Set<string>();
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(body);
  if (leading) {
    for (const flag of leading[1]!) {
      if (!SUPPORTED_FLAGS.has(flag)) {
        return { ok: false, message: `inline flag "${flag}" is not supported (supported: i, s, m)` };
      }
      flags.add(flag);
    }
    body = body.slice(leading[0].length);
  }
  body = body.replace(/\(\?P</g, '(?<');
  if (options.anchorStart) body = `^(?:${body})`;
  if (options.global) flags.add('g');
  try {
    return { ok: true, regexp: new RegExp(body, [...flags].join('')) };
  } catch (error) {
    return {
      ok: false,
      message: `invalid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`,
    };
  }
}

/** Go's `${1}` and `${name}` references become JavaScript's `$1` and `$<name>`; a literal `$$` stays. */
export function goReplacementToJs(placeholder: string): string {
  return placeholder.replace(/\$\$|\$\{(\w+)\}/g, (match, name: string | undefined) => {
    if (name === undefined) return match;
    return /^\d+$/.test(name) ? `$${name}` : `$<${name}>`;
  });
}
