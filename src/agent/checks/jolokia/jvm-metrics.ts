// One JVM's default metrics (Datadog's `collect_default_jvm_metrics`): the reads a check appends to its bulk
// Jolokia request, and the submission of their answers tagged with the JVM they describe.
import {
  JVM_TAG,
  jvmMetricDefinitions,
  type JvmMetricOptions,
  type JvmName,
} from '../../../catalog/checks/jvm';
import type { JmxMetricDefinition } from '../../../catalog/checks/jmx';
import type { CheckContext } from '../types';
import type { JolokiaRead, JolokiaReadResult } from './client';
import { planJmxReads, submitJmxMetrics, type JmxPlan, type SubmitSummary } from './jmx-metrics';

export interface JvmMetricsOptions extends JvmMetricOptions {
  /** `collect_default_jvm_metrics`: false reads nothing. */
  enabled: boolean;
}

export class JvmMetrics {
  private readonly definitions: readonly JmxMetricDefinition[];
  private readonly plan: JmxPlan;

  constructor(options: JvmMetricsOptions) {
    this.definitions = options.enabled ? jvmMetricDefinitions(options) : [];
    this.plan = planJmxReads(this.definitions);
  }

  /** Elements to append to the bulk request (empty when disabled). */
  get reads(): readonly JolokiaRead[] {
    return this.plan.reads;
  }

  /** `results` are the answers to `reads`, in order; `tags` identify the instance. */
  submit(
    context: CheckContext,
    results: readonly JolokiaReadResult[],
    jvm: JvmName,
    tags: readonly string[],
  ): SubmitSummary {
    return submitJmxMetrics(context, this.definitions, this.plan, results, [...tags, `${JVM_TAG}:${jvm}`]);
  }
}

/** `instance:zookeeper-<host>-<port>` for ZooKeeper's Jolokia URL: the same tag whichever check reads it. */
export function zookeeperInstanceTag(url: string): string {
  return `instance:zookeeper-${new URL(url).host.replace(':', '-')}`;
}
