// What a workload hands back to the child's main: how much was measured, and how to let go of Kafka.

export interface WorkloadOutcome {
  messages: number;
  /** Disconnects; called after the measurement is reported. */
  close(): Promise<void>;
}
