// One measured child run, as the harness records it.
import type { ChildMeasurement } from './child/child-result';
import type { SinkCounts } from './sinks/telemetry-sinks';
import type { VariantId } from './variants';

export interface ClientSample {
  workloadId: string;
  variant: VariantId;
  round: number;
  measurement?: ChildMeasurement;
  sinks?: SinkCounts;
  /** Total messages the child handled, warm-up included (telemetry covers them all). */
  totalMessages: number;
  /** The child's whole life (start-up, connect, warm-up, window, exit): what the run cost in time. */
  childWallMs?: number;
  /** Why the run produced no measurement. */
  error?: string;
  /** The child's stderr when it said anything (warnings from an SDK, say). */
  stderr?: string;
}
