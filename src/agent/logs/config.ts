// The `logs:` section of a conf.d document, read the way the Datadog Agent reads it:
//
//   logs:
//     - type: file
//       path: /var/log/kafka/server.log        # globs: * ? [..] **
//       source: kafka
//       service: kafka-broker
//       tags: [env:dev]
//       start_position: end                     # beginning | end | forceBeginning | forceEnd
//       log_processing_rules:
//         - { type: multi_line, name: new_record, pattern: '\[\d{4}-\d{2}-\d{2} ' }
//         - { type: exclude_at_match, name: no_debug, pattern: ' DEBUG ' }
//
// Every problem names the file, the key path (`logs[0].log_processing_rules[1].pattern`) and what is wrong; a broken
// entry is dropped, the others still load.
import { InstanceReader, isRecord } from '../checks/config/instance-reader';
import { checkGlob } from './glob';
import { compileGoPattern, goReplacementToJs } from './go-regexp';
import { defaultRecordStart } from './parsers';

export const START_POSITIONS = ['beginning', 'end', 'forceBeginning', 'forceEnd'] as const;
export type StartPosition = (typeof START_POSITIONS)[number];

export type ProcessingRule =
  | { type: 'exclude_at_match'; name: string; pattern: RegExp }
  | { type: 'include_at_match'; name: string; pattern: RegExp }
  | { type: 'mask_sequences'; name: string; pattern: RegExp; replacement: string }
  | { type: 'exclude_truncated'; name: string };

export interface MultiLineRule {
  name: string;
  /** Matches at the start of the first line of a record; lines that do not match continue the record before. */
  pattern: RegExp;
  /** True when no rule was configured and the source's known layout supplied it (kafka, zookeeper). */
  isDefault: boolean;
}

export interface LogSourceConfig {
  /** Where it was configured, for status and problems: `conf.d/kafka.d/conf.yaml: logs[0]`. */
  id: string;
  type: 'file';
  /** An absolute path, possibly a glob. */
  path: string;
  excludePaths: string[];
  source: string;
  service: string | undefined;
  sourceCategory: string | undefined;
  tags: string[];
  startPosition: StartPosition;
  encoding: 'utf-8';
  multiLine: MultiLineRule | undefined;
  /** exclude/include/mask rules in the order written: each applies to the result of the one before. */
  rules: ProcessingRule[];
}

/** Datadog entry types we know of but do not collect (yet). */
const OTHER_DATADOG_TYPES = ['tcp', 'udp', 'journald', 'windows_event', 'docker', 'integration', 'channel'];
const UNSUPPORTED_ENCODINGS = ['utf-16-le', 'utf-16-be', 'shift-jis'];
const RULE_TYPES = [
  'multi_line',
  'exclude_at_match',
  'include_at_match',
  'mask_sequences',
  'exclude_truncated',
];
/** More rules on one source than this is surely a mistake and would slow every line down. */
const MAX_RULES = 32;

export function parseLogsSection(
  document: unknown,
  sourceFile: string,
  options: { defaultSource?: string } = {},
): { sources: LogSourceConfig[]; problems: string[] } {
  const problems: string[] = [];
  const sources: LogSourceConfig[] = [];
  if (!isRecord(document) || document.logs === undefined || document.logs === null)
    return { sources, problems };
  if (!Array.isArray(document.logs)) {
    return { sources, problems: [`${sourceFile}: logs: must be a list of log sources`] };
  }
  document.logs.forEach((entry: unknown, index) => {
    const where = `logs[${index}]`;
    if (!isRecord(entry)) {
      problems.push(`${sourceFile}: ${where}: must be a mapping with at least 'type' and 'path'`);
      return;
    }
    const reader = new InstanceReader(entry, where);
    const source = readSource(reader, `${sourceFile}: ${where}`, options.defaultSource);
    problems.push(...reader.problems.map((p) => `${sourceFile}: ${p.path}: ${p.message}`));
    if (source && reader.problems.length === 0) sources.push(source);
  });
  return { sources, problems };
}

function readSource(
  reader: InstanceReader,
  id: string,
  defaultSource: string | undefined,
): LogSourceConfig | undefined {
  const type = reader.string('type', { required: true });
  if (type !== undefined && type !== '' && type !== 'file') {
    const known = OTHER_DATADOG_TYPES.includes(type)
      ? ' is a Datadog type kinstrument does not collect;'
      : ' is unknown;';
    reader.problem('type', `"${type}"${known} only "file" is supported`);
  }
  const path = reader.string('path', { required: true }) ?? '';
  if (path !== '') {
    const problem = checkGlob(path);
    if (problem) reader.problem('path', `${problem}, got ${JSON.stringify(path)}`);
  }
  const excludePaths = reader.stringList('exclude_paths');
  excludePaths.forEach((pattern, index) => {
    const problem = checkGlob(pattern);
    if (problem) reader.problem(`exclude_paths[${index}]`, `${problem}, got ${JSON.stringify(pattern)}`);
  });
  const source = reader.string('source') ?? defaultSource ?? 'file';
  const service = reader.string('service');
  const sourceCategory = reader.string('sourcecategory');
  const tags = reader.tags();
  const startPosition = readStartPosition(reader);
  readEncoding(reader);
  const { multiLine, rules } = readRules(reader, source);
  reader.rejectUnknownKeys();
  return {
    id,
    type: 'file',
    path,
    excludePaths,
    source,
    service,
    sourceCategory,
    tags,
    startPosition,
    encoding: 'utf-8',
    multiLine,
    rules,
  };
}

function readStartPosition(reader: InstanceReader): StartPosition {
  const value = reader.string('start_position', { default: 'end' }) ?? 'end';
  if ((START_POSITIONS as readonly string[]).includes(value)) return value as StartPosition;
  reader.problem(
    'start_position',
    `must be one of ${START_POSITIONS.join(', ')}, got ${JSON.stringify(value)}`,
  );
  return 'end';
}

function readEncoding(reader: InstanceReader): void {
  const value = reader.string('encoding');
  if (value === undefined || /^utf-?8$/i.test(value)) return;
  const detail = UNSUPPORTED_ENCODINGS.includes(value.toLowerCase())
    ? 'is a Datadog encoding kinstrument does not read yet; only utf-8 is supported'
    : 'must be utf-8 (the only encoding supported)';
  reader.problem('encoding', `${detail}, got ${JSON.stringify(value)}`);
}

function readRules(
  reader: InstanceReader,
  source: string,
): { multiLine: MultiLineRule | undefined; rules: ProcessingRule[] } {
  const rules: ProcessingRule[] = [];
  let multiLine: MultiLineRule | undefined;
  const raw = reader.value('log_processing_rules');
  if (raw !== undefined) {
    if (!Array.isArray(raw)) {
      reader.problem(
        'log_processing_rules',
        `must be a list of rules, got ${reader.describe('log_processing_rules', raw)}`,
      );
    } else if (raw.length > MAX_RULES) {
      reader.problem('log_processing_rules', `at most ${MAX_RULES} rules, got ${raw.length}`);
    } else {
      raw.forEach((item: unknown, index) => {
        const key = `log_processing_rules[${index}]`;
        if (!isRecord(item)) {
          reader.problem(key, "must be a mapping with 'type', 'name' and 'pattern'");
          return;
        }
        const rule = new InstanceReader(item, key);
        const parsed = readRule(rule);
        for (const problem of rule.problems) reader.problem(problem.path, problem.message);
        if (!parsed || rule.problems.length > 0) return;
        if (parsed.type !== 'multi_line') rules.push(parsed);
        else if (multiLine)
          reader.problem(
            `${key}.type`,
            `only one multi_line rule per source (the first is "${multiLine.name}")`,
          );
        else multiLine = { name: parsed.name, pattern: parsed.pattern, isDefault: false };
      });
    }
  }
  if (!multiLine) {
    const pattern = defaultRecordStart(source);
    if (pattern) multiLine = { name: `${source}_default`, pattern, isDefault: true };
  }
  return { multiLine, rules };
}

function readRule(
  rule: InstanceReader,
): ProcessingRule | { type: 'multi_line'; name: string; pattern: RegExp } | undefined {
  const type = rule.string('type', { required: true }) ?? '';
  const name = rule.string('name', { required: true }) ?? '';
  if (type !== '' && !RULE_TYPES.includes(type)) {
    rule.problem('type', `must be one of ${RULE_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
    rule.rejectUnknownKeys(['pattern', 'replace_placeholder']);
    return undefined;
  }
  if (type === 'exclude_truncated') {
    rule.rejectUnknownKeys();
    return { type, name };
  }
  const patternText = rule.string('pattern', { required: true });
  const replacement =
    type === 'mask_sequences' ? rule.string('replace_placeholder', { required: true }) : undefined;
  rule.rejectUnknownKeys();
  if (patternText === undefined || patternText === '') return undefined;
  const compiled = compileGoPattern(patternText, {
    anchorStart: type === 'multi_line',
    global: type === 'mask_sequences',
  });
  if (!compiled.ok) {
    rule.problem('pattern', compiled.message);
    return undefined;
  }
  const pattern = compiled.regexp;
  switch (type) {
    case 'multi_line':
      return { type, name, pattern };
    case 'exclude_at_match':
    case 'include_at_match':
      return { type, name, pattern };
    case 'mask_sequences':
      return { type, name, pattern, replacement: goReplacementToJs(replacement ?? '') };
    default:
      return undefined;
  }
}
