// `logs:` sections of conf.d documents: Datadog's keys, defaults, and problems that name file, key path and value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLogsSection } from '../../src/agent/logs';
import { compileGoPattern, goReplacementToJs } from '../../src/agent/logs/go-regexp';

const FILE = '/etc/kinstrument/conf.d/kafka.d/conf.yaml';

test('a complete Datadog entry', () => {
  const { sources, problems } = parseLogsSection(
    {
      init_config: {},
      instances: [{ host: 'localhost' }],
      logs: [
        {
          type: 'file',
          path: '/var/log/kafka/*.log',
          exclude_paths: ['/var/log/kafka/kafka-request.log'],
          source: 'kafka',
          service: 'kafka-broker',
          sourcecategory: 'messaging',
          tags: ['env:dev', 'team:data'],
          start_position: 'beginning',
          encoding: 'UTF-8',
          log_processing_rules: [
            { type: 'multi_line', name: 'new_record', pattern: '\\[\\d{4}-\\d{2}-\\d{2} ' },
            { type: 'exclude_at_match', name: 'no_debug', pattern: '\\] DEBUG ' },
            { type: 'include_at_match', name: 'only_kafka', pattern: '(?i)KAFKA' },
            {
              type: 'mask_sequences',
              name: 'ips',
              pattern: '(\\d+)\\.\\d+\\.\\d+\\.\\d+',
              replace_placeholder: '${1}.x.x.x',
            },
            { type: 'exclude_truncated', name: 'no_pieces' },
          ],
        },
      ],
    },
    FILE,
  );
  assert.deepEqual(problems, []);
  assert.equal(sources.length, 1);
  const [source] = sources;
  assert.equal(source!.id, `${FILE}: logs[0]`);
  assert.equal(source!.path, '/var/log/kafka/*.log');
  assert.deepEqual(source!.excludePaths, ['/var/log/kafka/kafka-request.log']);
  assert.equal(source!.source, 'kafka');
  assert.equal(source!.service, 'kafka-broker');
  assert.equal(source!.sourceCategory, 'messaging');
  assert.deepEqual(source!.tags, ['env:dev', 'team:data']);
  assert.equal(source!.startPosition, 'beginning');
  assert.equal(source!.multiLine?.name, 'new_record');
  assert.equal(source!.multiLine?.isDefault, false);
  assert.ok(source!.multiLine?.pattern.test('[2026-11-25 06:22:38,744] INFO x'));
  assert.ok(
    !source!.multiLine?.pattern.test('\tat x [2026-11-25 '),
    'multi_line patterns match at the start only',
  );
  assert.deepEqual(
    source!.rules.map((rule) => `${rule.type}:${rule.name}`),
    [
      'exclude_at_match:no_debug',
      'include_at_match:only_kafka',
      'mask_sequences:ips',
      'exclude_truncated:no_pieces',
    ],
  );
  const mask = source!.rules[2];
  assert.ok(mask?.type === 'mask_sequences');
  assert.equal(
    'from 10.1.2.3 and 192.168.0.1'.replace(mask.pattern, mask.replacement),
    'from 10.x.x.x and 192.x.x.x',
  );
});

test('defaults: start_position end, utf-8, source "file" (or the given default), no service', () => {
  const { sources, problems } = parseLogsSection({ logs: [{ type: 'file', path: '/tmp/a.log' }] }, FILE);
  assert.deepEqual(problems, []);
  assert.equal(sources[0]!.startPosition, 'end');
  assert.equal(sources[0]!.encoding, 'utf-8');
  assert.equal(sources[0]!.source, 'file');
  assert.equal(sources[0]!.service, undefined);
  assert.equal(sources[0]!.multiLine, undefined);
  const named = parseLogsSection({ logs: [{ type: 'file', path: '/tmp/a.log' }] }, FILE, {
    defaultSource: 'kafka',
  });
  assert.equal(named.sources[0]!.source, 'kafka');
});

test('kafka and zookeeper sources join continuation lines by default; an explicit rule wins', () => {
  const { sources } = parseLogsSection(
    {
      logs: [
        { type: 'file', path: '/k/server.log', source: 'kafka' },
        { type: 'file', path: '/z/zookeeper.log', source: 'zookeeper' },
        { type: 'file', path: '/a/app.log', source: 'json' },
        {
          type: 'file',
          path: '/k/other.log',
          source: 'kafka',
          log_processing_rules: [{ type: 'multi_line', name: 'mine', pattern: 'START' }],
        },
      ],
    },
    FILE,
  );
  assert.equal(sources[0]!.multiLine?.isDefault, true);
  assert.ok(
    sources[0]!.multiLine?.pattern.test('[2026-11-25 06:22:38,744] INFO started (kafka.server.KafkaServer)'),
  );
  assert.ok(!sources[0]!.multiLine?.pattern.test('\tadvertised.listeners = PLAINTEXT://127.0.0.1:9092'));
  assert.ok(sources[1]!.multiLine?.pattern.test('2026-11-25 06:59:29,801 [myid:] - WARN  [main:X@1] - m'));
  assert.ok(sources[1]!.multiLine?.pattern.test('[2026-11-25 06:22:34,549] INFO m (c)'));
  assert.equal(sources[2]!.multiLine, undefined);
  assert.equal(sources[3]!.multiLine?.name, 'mine');
});

test('malformed entries: every problem names file, key path and value; good entries still load', () => {
  const { sources, problems } = parseLogsSection(
    {
      logs: [
        { type: 'file', path: '/ok.log' },
        'just a string',
        { type: 'tcp', port: 10514 },
        { type: 'file', path: 'relative/server.log', start_position: 'middle', encoding: 'utf-16-le' },
        { type: 'file', path: '/x.log', encoding: 'latin1', tags: 'env:dev', tail: true },
        {
          type: 'file',
          path: '/y.log',
          log_processing_rules: [
            { type: 'exclude_at_match', name: 'broken', pattern: '([a-z' },
            { type: 'mask_sequences', name: 'no_placeholder', pattern: 'secret' },
            { type: 'drop', name: 'what', pattern: 'x' },
            { type: 'multi_line', pattern: '^x' },
            'not a rule',
            { type: 'include_at_match', name: 'flags', pattern: '(?U)x' },
          ],
        },
        { type: 'file', path: '/z.log', log_processing_rules: { type: 'multi_line' } },
        { type: 'file', path: '/var/log/**x/a.log' },
        {
          type: 'file',
          path: '/w.log',
          log_processing_rules: [
            { type: 'multi_line', name: 'one', pattern: 'a' },
            { type: 'multi_line', name: 'two', pattern: 'b' },
          ],
        },
      ],
    },
    FILE,
  );
  assert.deepEqual(
    sources.map((s) => s.path),
    ['/ok.log'],
  );
  const expected = [
    `${FILE}: logs[1]: must be a mapping with at least 'type' and 'path'`,
    `${FILE}: logs[2].type: "tcp" is a Datadog type kinstrument does not collect; only "file" is supported`,
    `${FILE}: logs[2].path: is required`,
    `${FILE}: logs[3].path: must be an absolute path, got "relative/server.log"`,
    `${FILE}: logs[3].start_position: must be one of beginning, end, forceBeginning, forceEnd, got "middle"`,
    `${FILE}: logs[3].encoding: is a Datadog encoding kinstrument does not read yet; only utf-8 is supported, got "utf-16-le"`,
    `${FILE}: logs[4].tags: must be a list of "key:value" strings, got "env:dev"`,
    `${FILE}: logs[4].encoding: must be utf-8 (the only encoding supported), got "latin1"`,
    `${FILE}: logs[5].log_processing_rules[0].pattern: invalid regular expression: /([a-z/: Unterminated character class`,
    `${FILE}: logs[5].log_processing_rules[1].replace_placeholder: is required`,
    `${FILE}: logs[5].log_processing_rules[2].type: must be one of multi_line, exclude_at_match, include_at_match, mask_sequences, exclude_truncated, got "drop"`,
    `${FILE}: logs[5].log_processing_rules[3].name: is required`,
    `${FILE}: logs[5].log_processing_rules[4]: must be a mapping with 'type', 'name' and 'pattern'`,
    `${FILE}: logs[5].log_processing_rules[5].pattern: inline flag "U" is not supported (supported: i, s, m)`,
    `${FILE}: logs[6].log_processing_rules: must be a list of rules, got a mapping`,
    `${FILE}: logs[7].path: "**" must be a whole path segment, as in /var/log/**/server.log, got "/var/log/**x/a.log"`,
    `${FILE}: logs[8].log_processing_rules[1].type: only one multi_line rule per source (the first is "one")`,
  ];
  for (const line of expected)
    assert.ok(problems.includes(line), `missing: ${line}\n\ngot:\n${problems.join('\n')}`);
  assert.ok(
    problems.some((p) => p.startsWith(`${FILE}: logs[4].tail: unknown key (known keys: `)),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith(`${FILE}: logs[2].port: unknown key`)),
    'keys of other types are unknown to a file source',
  );
});

test('documents without logs, and logs that are not a list', () => {
  assert.deepEqual(parseLogsSection({ init_config: {}, instances: [{}] }, FILE), {
    sources: [],
    problems: [],
  });
  assert.deepEqual(parseLogsSection(null, FILE), { sources: [], problems: [] });
  assert.deepEqual(parseLogsSection({ logs: { type: 'file' } }, FILE).problems, [
    `${FILE}: logs: must be a list of log sources`,
  ]);
});

test('Go pattern syntax that Datadog users write: inline flags, named groups, ${n} placeholders', () => {
  const insensitive = compileGoPattern('(?i)error');
  assert.ok(insensitive.ok && insensitive.regexp.test('ERROR here'));
  const named = compileGoPattern('user=(?P<user>\\w+)', { global: true });
  assert.ok(named.ok);
  assert.equal(
    'user=alice user=bob'.replace(named.regexp, goReplacementToJs('user=${user}-masked')),
    'user=alice-masked user=bob-masked',
  );
  assert.equal(goReplacementToJs('${1}:$$:${name}'), '$1:$$:$<name>');
  const anchored = compileGoPattern('a|b', { anchorStart: true });
  assert.ok(anchored.ok && anchored.regexp.test('b...') && !anchored.regexp.test('xb'));
});
