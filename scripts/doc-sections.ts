// README sections generated from the catalogs (the single source of truth for names users see).
// `npm run docs` rewrites them; test/unit/readme.test.ts fails when README is stale.
import { CONFIG_KEYS, type ConfigKeySpec } from '../src/catalog/config-keys';
import { SPAN_ATTRIBUTES } from '../src/catalog/span-attributes';
import { AGENT_CONFIG_KEYS } from '../src/catalog/agent-config';
import { CHECK_CATALOGS } from '../src/agent/checks/registry';
import { CLIENT_METRIC_COMMON_TAGS, CLIENT_METRICS } from '../src/catalog/client-metrics';
import { DEFAULT_LOG_METRICS } from '../src/catalog/log-metrics';

export interface DocSection {
  id: string;
  render(): string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text}\``;

function configKeysTable(): string {
  const rows = (CONFIG_KEYS as readonly ConfigKeySpec[]).map((key) => {
    const values = key.values ? ` One of ${key.values.map(code).join(', ')}.` : '';
    return `| ${code(key.option)} | ${key.env.map(code).join('<br>')} | ${key.default === undefined ? '—' : code(key.default)} | ${cell(key.description + values)} |`;
  });
  return [
    '| option (`init()`) | environment (first wins) | default | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function spanAttributesTable(): string {
  const rows = SPAN_ATTRIBUTES.map(
    (attribute) =>
      `| ${code(attribute.key)} | ${attribute.type} | ${attribute.spans.join(', ')} | ${cell(attribute.when)} | ${cell(attribute.description)}${attribute.convention ? '' : ' (kinstrument)'} |`,
  );
  return ['| attribute | type | spans | when | meaning |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

function agentConfigTable(): string {
  const rows = AGENT_CONFIG_KEYS.map(
    (key) =>
      `| ${code(key.key)} | ${key.type} | ${cell(key.default)} | ${cell(key.description)}${key.datadog ? '' : ' (kinstrument)'} |`,
  );
  return ['| key | type | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function checkMetricTables(): string {
  const parts: string[] = [];
  for (const catalog of Object.values(CHECK_CATALOGS)) {
    parts.push(
      `#### \`${catalog.check}\` — ${catalog.metrics.length} metrics`,
      '',
      cell(catalog.description),
      '',
    );
    parts.push('| metric | type | unit | tags | from | |', '| --- | --- | --- | --- | --- | --- |');
    for (const metric of catalog.metrics) {
      parts.push(
        `| ${code(metric.name)} | ${metric.type} | ${metric.unit || '—'} | ${metric.tags.map(code).join(' ') || '—'} | ${cell(metric.source)} | ${cell(metric.description)}${metric.origin === 'kinstrument' ? ' (kinstrument)' : ''} |`,
      );
    }
    if (catalog.serviceChecks.length > 0) parts.push('', 'Service checks:', '');
    for (const check of catalog.serviceChecks) {
      parts.push(`- ${code(check.name)} (${check.statuses.join('/')}): ${cell(check.description)}`);
    }
    if (catalog.metadata.length > 0)
      parts.push('', `Metadata shown by \`kinstrument status\`: ${catalog.metadata.map(code).join(', ')}.`);
    parts.push('');
  }
  return parts.join('\n').trimEnd();
}

function clientMetricsTable(): string {
  const rows = CLIENT_METRICS.map(
    (metric) =>
      `| ${code(metric.name)} | ${metric.type} | ${metric.unit || '—'} | ${metric.role} | ${metric.tags.map(code).join(' ') || '—'} | ${cell(metric.description)} |`,
  );
  return [
    `Every line may also carry ${CLIENT_METRIC_COMMON_TAGS.map(code).join(', ')}.`,
    '',
    '| metric | type | unit | role | tags | meaning |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function logMetricsTable(): string {
  const rows = DEFAULT_LOG_METRICS.map((rule) => {
    const tags = (rule.group_by ?? []).map((g) => code(g.tag_name ?? g.path.replace(/^@/, ''))).join(' ');
    return `| ${code(rule.name)} | ${code(cell(rule.query))} | ${tags || '—'} | ${cell(rule.description)} |`;
  });
  return ['| metric (count) | query | tags | counts |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export const DOC_SECTIONS: DocSection[] = [
  { id: 'client-metrics', render: clientMetricsTable },
  { id: 'config-keys', render: configKeysTable },
  { id: 'span-attributes', render: spanAttributesTable },
  { id: 'agent-config-keys', render: agentConfigTable },
  { id: 'check-metrics', render: checkMetricTables },
  { id: 'log-metrics', render: logMetricsTable },
];

const begin = (id: string) => `<!-- BEGIN generated:${id} (npm run docs) -->`;
const end = (id: string) => `<!-- END generated:${id} -->`;

/** README with every generated section replaced by its current rendering. */
export function renderReadme(readme: string): string {
  let result = readme;
  for (const section of DOC_SECTIONS) {
    const start = result.indexOf(begin(section.id));
    const stop = result.indexOf(end(section.id));
    if (start < 0 || stop < start)
      throw new Error(`README has no markers for generated section ${section.id}`);
    result = result.slice(0, start) + `${begin(section.id)}\n${section.render()}\n` + result.slice(stop);
  }
  return result;
}
