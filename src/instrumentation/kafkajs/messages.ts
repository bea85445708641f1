// Copies of the caller's messages, made before anything is added to them: the app's objects and header
// maps are never touched.
//
// Copied with Object.assign, not spread: on Node 20's V8 every property added to a spread-made object costs
// microseconds (a new hidden class each time), and listeners add trace headers to these copies — with
// spread, copying one message with headers and adding context to it took ~12 µs instead of ~0.15 µs.
import type { OutgoingMessage, TopicMessages } from './shapes';

function copyMessage(message: OutgoingMessage): OutgoingMessage {
  const copy = Object.assign({}, message);
  copy.headers = message.headers ? Object.assign({}, message.headers) : {};
  return copy;
}

export function copyMessages(messages: readonly OutgoingMessage[]): OutgoingMessage[] {
  return messages.map((message) =>
    typeof message === 'object' && message !== null ? copyMessage(message) : message,
  );
}

export function copyTopicMessages(topicMessages: readonly TopicMessages[]): TopicMessages[] {
  return topicMessages.map((entry) =>
    typeof entry === 'object' && entry !== null && Array.isArray(entry.messages)
      ? { ...entry, messages: copyMessages(entry.messages) }
      : entry,
  );
}
