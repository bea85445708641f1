// exclude_at_match, include_at_match, mask_sequences and exclude_truncated, applied in the order written, each to
// the result of the one before (Datadog's semantics). Patterns search anywhere in the record's text.
import type { ProcessingRule } from '../config';

export type RuleOutcome = { keep: true; text: string } | { keep: false; rule: string };

export function applyRules(text: string, truncated: boolean, rules: readonly ProcessingRule[]): RuleOutcome {
  let current = text;
  for (const rule of rules) {
    switch (rule.type) {
      case 'exclude_at_match':
        if (rule.pattern.test(current)) return { keep: false, rule: rule.name };
        break;
      case 'include_at_match':
        if (!rule.pattern.test(current)) return { keep: false, rule: rule.name };
        break;
      case 'exclude_truncated':
        if (truncated) return { keep: false, rule: rule.name };
        break;
      case 'mask_sequences':
        // The pattern is global (compiled with `g`), so replace() replaces every match and keeps no state.
        current = current.replace(rule.pattern, rule.replacement);
        break;
    }
  }
  return { keep: true, text: current };
}
