// Ablation variant `bare-async-context`: bare kafkajs, but with an AsyncLocalStorage in use, as every
// OpenTelemetry context manager leaves it once a span's context is entered. On Node 20 that makes the process
// run a promise hook for every promise it creates, whoever creates it (kafkajs' fetch and decode included).
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<{ readonly variant: string }>();
storage.enterWith({ variant: 'bare-async-context' });
