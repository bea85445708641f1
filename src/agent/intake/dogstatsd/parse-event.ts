// One event line: `_e{<title_len>,<text_len>}:<title>|<text>[|d:ts][|h:host][|k:key][|p:prio][|s:src][|t:alert][|#tags]`.
import { parseUnsignedInteger } from './numbers';
import { parseTagField, type TagDropCounter } from './tags';
import type { ParseErrorReason, ParsedEvent, ParserLimits } from './types';

const PIPE = 0x7c;

/** True when the bytes at `start` open an event (`_e{`). */
export function isEventLine(packet: Buffer, start: number, end: number): boolean {
  return (
    end - start >= 3 && packet[start] === 0x5f && packet[start + 1] === 0x65 && packet[start + 2] === 0x7b
  );
}

function unescapeNewlines(raw: string): string {
  return raw.includes('\\n') ? raw.replaceAll('\\n', '\n') : raw;
}

interface Header {
  titleLength: number;
  textLength: number;
  /** Byte offset (from the line start) where the title begins. */
  contentStart: number;
}

function parseHeader(line: string): Header | undefined {
  const close = line.indexOf('}:');
  if (close === -1) return undefined;
  const comma = line.indexOf(',', 3);
  if (comma === -1 || comma > close) return undefined;
  const titleLength = parseUnsignedInteger(line.slice(3, comma));
  const textLength = parseUnsignedInteger(line.slice(comma + 1, close));
  if (titleLength === undefined || textLength === undefined || titleLength === 0) return undefined;
  // The header is ASCII, so its character offset is also its byte offset.
  return { titleLength, textLength, contentStart: close + 2 };
}

interface Content {
  title: string;
  text: string;
  /** The optional fields after the text (without the leading `|`), when there are any. */
  fields: string | undefined;
}

/**
 * The Datadog protocol counts title and text lengths in UTF-8 bytes, but some clients (hot-shots among
 * them) send JavaScript string lengths, in UTF-16 code units. Both agree for ASCII. The byte reading is
 * tried first; when it does not land on the `|` separators the code-unit reading is tried, so non-ASCII
 * events from either kind of client survive.
 */
function splitByBytes(
  packet: Buffer,
  lineStart: number,
  lineEnd: number,
  header: Header,
): Content | undefined {
  const titleStart = lineStart + header.contentStart;
  const titleEnd = titleStart + header.titleLength;
  const textEnd = titleEnd + 1 + header.textLength;
  if (textEnd > lineEnd || packet[titleEnd] !== PIPE) return undefined;
  if (textEnd < lineEnd && packet[textEnd] !== PIPE) return undefined;
  return {
    title: packet.toString('utf8', titleStart, titleEnd),
    text: packet.toString('utf8', titleEnd + 1, textEnd),
    fields: textEnd < lineEnd ? packet.toString('utf8', textEnd + 1, lineEnd) : undefined,
  };
}

function splitByCodeUnits(line: string, header: Header): Content | undefined {
  const titleEnd = header.contentStart + header.titleLength;
  const textEnd = titleEnd + 1 + header.textLength;
  if (textEnd > line.length || line.charCodeAt(titleEnd) !== PIPE) return undefined;
  if (textEnd < line.length && line.charCodeAt(textEnd) !== PIPE) return undefined;
  return {
    title: line.slice(header.contentStart, titleEnd),
    text: line.slice(titleEnd + 1, textEnd),
    fields: textEnd < line.length ? line.slice(textEnd + 1) : undefined,
  };
}

function applyOptionalFields(
  event: ParsedEvent,
  fields: string,
  limits: ParserLimits,
  onTagDrop: TagDropCounter,
): void {
  for (const field of fields.split('|')) {
    const value = field.slice(2);
    if (field.startsWith('#')) {
      parseTagField(field.slice(1), limits, onTagDrop, event.tags);
    } else if (field.startsWith('d:')) {
      const timestamp = parseUnsignedInteger(value);
      if (timestamp !== undefined) event.timestamp = timestamp;
    } else if (field.startsWith('h:')) {
      event.host = value;
    } else if (field.startsWith('k:')) {
      event.aggregationKey = value;
    } else if (field.startsWith('s:')) {
      event.sourceTypeName = value;
    } else if (field.startsWith('p:')) {
      // An unknown priority or alert type is ignored, not fatal (as in the Datadog Agent).
      if (value === 'normal' || value === 'low') event.priority = value;
    } else if (field.startsWith('t:')) {
      if (value === 'error' || value === 'warning' || value === 'info' || value === 'success') {
        event.alertType = value;
      }
    }
  }
}

/** Parses the event occupying `packet[start, end)`. */
export function parseEventLine(
  packet: Buffer,
  start: number,
  end: number,
  limits: ParserLimits,
  onTagDrop: TagDropCounter,
): ParsedEvent | ParseErrorReason {
  const line = packet.toString('utf8', start, end);
  const header = parseHeader(line);
  if (header === undefined) return 'invalid_event';
  const content = splitByBytes(packet, start, end, header) ?? splitByCodeUnits(line, header);
  if (content === undefined) return 'invalid_event';

  const event: ParsedEvent = {
    title: unescapeNewlines(content.title),
    text: unescapeNewlines(content.text),
    tags: [],
  };
  if (content.fields !== undefined) applyOptionalFields(event, content.fields, limits, onTagDrop);
  return event;
}
