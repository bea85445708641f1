// Copies of the caller's messages, made before anything is added to them: the app's objects and header
// maps are never touched.
import type { OutgoingMessage, TopicMessages } from './shapes';

export function copyMessages(messages: readonly OutgoingMessage[]): OutgoingMessage[] {
  return messages.map((message) =>
    typeof message === 'object' && message !== null
      ? { ...message, headers: message.headers ? { ...message.headers } : {} }
      : message,
  );
}

export function copyTopicMessages(topicMessages: readonly TopicMessages[]): TopicMessages[] {
  return topicMessages.map((entry) =>
    typeof entry === 'object' && entry !== null && Array.isArray(entry.messages)
      ? { ...entry, messages: copyMessages(entry.messages) }
      : entry,
  );
}
