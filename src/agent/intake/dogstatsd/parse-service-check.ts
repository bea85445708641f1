// One service-check line: `_sc|name|status[|d:ts][|h:host][|#tags][|m:message]`.
import { parseUnsignedInteger } from './numbers';
import { parseTagField, type TagDropCounter } from './tags';
import type { ParseErrorReason, ParsedServiceCheck, ParserLimits } from './types';

const PREFIX = '_sc|';

/** True when the line is a service check (as opposed to a metric or an event). */
export function isServiceCheckLine(line: string): boolean {
  return line.startsWith(PREFIX);
}

// Clients escape newlines in the message as a literal `\n` and `m:` inside it as `m\:`.
function unescapeMessage(raw: string): string {
  return raw.replaceAll('\\n', '\n').replaceAll('m\\:', 'm:');
}

/**
 * Parses a service check. Name and status are required; a bad optional field (say an unparsable
 * `d:`) is ignored rather than losing the check, like the Datadog Agent. The message is the last field
 * by protocol, so it runs to the end of the line and may contain `|`.
 */
export function parseServiceCheckLine(
  line: string,
  limits: ParserLimits,
  onTagDrop: TagDropCounter,
): ParsedServiceCheck | ParseErrorReason {
  const nameEnd = line.indexOf('|', PREFIX.length);
  if (nameEnd === -1) return 'invalid_service_check';
  const name = line.slice(PREFIX.length, nameEnd);
  if (name.length === 0) return 'invalid_service_check';
  let fieldStart = line.indexOf('|', nameEnd + 1);
  const rawStatus = line.slice(nameEnd + 1, fieldStart === -1 ? line.length : fieldStart);
  if (rawStatus.length !== 1) return 'invalid_service_check';
  const status = rawStatus.charCodeAt(0) - 48;
  if (status !== 0 && status !== 1 && status !== 2 && status !== 3) return 'invalid_service_check';

  const check: ParsedServiceCheck = { name, status, tags: [] };
  while (fieldStart !== -1) {
    const start = fieldStart + 1;
    if (line.startsWith('m:', start)) {
      check.message = unescapeMessage(line.slice(start + 2));
      break;
    }
    fieldStart = line.indexOf('|', start);
    const field = line.slice(start, fieldStart === -1 ? line.length : fieldStart);
    if (field.startsWith('d:')) {
      const timestamp = parseUnsignedInteger(field.slice(2));
      if (timestamp !== undefined) check.timestamp = timestamp;
    } else if (field.startsWith('h:')) {
      check.host = field.slice(2);
    } else if (field.startsWith('#')) {
      parseTagField(field.slice(1), limits, onTagDrop, check.tags);
    }
  }
  return check;
}
