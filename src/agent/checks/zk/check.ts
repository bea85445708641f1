// The `zk` check, after Datadog's: `ruok` → `zookeeper.ruok`, `stat` + `mntr` → `zookeeper.*` metrics tagged
// with the server mode, `zookeeper.mode` against `expected_mode`, `zookeeper.instances`, version metadata; with
// `jolokia_url`, the ZooKeeper JVM's `jvm.*` metrics too (tagged `jvm:zookeeper`).
import { ZK_CATALOG, ZK_MODES } from '../../../catalog/checks/zk';
import { ServiceCheckStatus } from '../../model';
import { jolokiaBulkRead } from '../jolokia/client';
import { JvmMetrics, zookeeperInstanceTag } from '../jolokia/jvm-metrics';
import type { CheckContext, CheckDefinition, CheckInstance } from '../types';
import { parseZkInstance, type ZkCheckConfig } from './config';
import { parseMntr, sendFourLetterWord } from './four-letter-words';
import { mntrMetrics, statMetrics, type ZkSample } from './metrics';
import { NOT_SERVING, parseStat } from './stat';

export class ZkCheck implements CheckInstance {
  private readonly jvm: JvmMetrics;

  constructor(private readonly config: ZkCheckConfig) {
    this.jvm = new JvmMetrics({
      enabled: config.jolokiaUrl !== undefined,
      newGcMetrics: config.newGcMetrics,
    });
  }

  async collect(context: CheckContext): Promise<void> {
    // The JVM is read alongside the four-letter words: a ZooKeeper that stopped answering may be stuck in GC.
    const jvm = this.collectJvm(context);
    try {
      await this.collectServer(context);
    } finally {
      await jvm;
    }
  }

  /** Never rejects: ZooKeeper's JVM is an extra, its absence is a warning. */
  private async collectJvm(context: CheckContext): Promise<void> {
    const url = this.config.jolokiaUrl;
    if (url === undefined) return;
    try {
      const timeoutMs = this.config.timeout * 1000;
      const results = await jolokiaBulkRead({ url, timeoutMs }, this.jvm.reads, context.signal);
      const summary = this.jvm.submit(context, results, 'zookeeper', [zookeeperInstanceTag(url)]);
      for (const failure of summary.failures) context.warning(`ZooKeeper JVM MBean read failed: ${failure}`);
    } catch (cause) {
      context.warning(`ZooKeeper Jolokia: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  }

  private async collectServer(context: CheckContext): Promise<void> {
    const serviceTags = [`host:${this.config.host}`, `port:${this.config.port}`];
    let ruok: string;
    try {
      ruok = await this.send('ruok');
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      context.serviceCheck('zookeeper.ruok', ServiceCheckStatus.CRITICAL, { tags: serviceTags, message });
      if (/did not answer/.test(message)) context.count('zookeeper.timeouts', 1);
      this.reportMode(context, 'down', serviceTags);
      throw cause;
    }
    const ok = ruok.trim() === 'imok';
    context.serviceCheck('zookeeper.ruok', ok ? ServiceCheckStatus.OK : ServiceCheckStatus.WARNING, {
      tags: serviceTags,
      ...(ok ? {} : { message: `Response from the server: ${ruok.trim() || '(empty)'}` }),
    });

    const stat = parseStat(await this.send('stat'));
    if (stat.version) context.setMetadata('version', stat.version);
    const samples = new Map<string, ZkSample>();
    const keep = (sample: ZkSample) => samples.set(`${sample.name}|${sample.tags.join(',')}`, sample);
    statMetrics(stat).forEach(keep);
    let mode = stat.notServing ? 'inactive' : (stat.mode ?? 'unknown');

    const mntrOutput = await this.send('mntr');
    if (mntrOutput.trim().startsWith(NOT_SERVING)) {
      mode = 'inactive';
    } else if (/not in the whitelist|not executed/.test(mntrOutput)) {
      context.warning(
        `mntr is disabled on ZooKeeper: add it to 4lw.commands.whitelist (${mntrOutput.trim()})`,
      );
    } else {
      const mntr = parseMntr(mntrOutput);
      mode = mntr.text.get('zk_server_state') ?? mode;
      mntrMetrics(mntr).forEach(keep);
    }
    if (mode === 'inactive') samples.clear();

    const modeTags = [`mode:${mode}`];
    for (const sample of samples.values()) {
      const options = { tags: [...sample.tags, ...modeTags] };
      if (sample.type === 'rate') context.rate(sample.name, sample.value, options);
      else context.gauge(sample.name, sample.value, options);
    }
    this.reportMode(context, mode, serviceTags);
  }

  private reportMode(context: CheckContext, mode: string, serviceTags: string[]): void {
    if (this.config.expectedModes.length > 0) {
      const expected = this.config.expectedModes;
      const matches = expected.includes(mode);
      context.serviceCheck('zookeeper.mode', matches ? ServiceCheckStatus.OK : ServiceCheckStatus.CRITICAL, {
        tags: [...serviceTags, `mode:${mode}`],
        ...(matches
          ? {}
          : { message: `Server is in ${mode} mode but check expects ${expected.join(' or ')} mode` }),
      });
    }
    if (!this.config.reportInstanceMode) return;
    const known = (ZK_MODES as readonly string[]).includes(mode) ? mode : 'unknown';
    context.gauge('zookeeper.instances', 1, { tags: [`mode:${known}`] });
    for (const each of ZK_MODES) context.gauge(`zookeeper.instances.${each}`, each === known ? 1 : 0);
  }

  private send(word: string): Promise<string> {
    return sendFourLetterWord(word, {
      host: this.config.host,
      port: this.config.port,
      timeoutMs: this.config.timeout * 1000,
    });
  }
}

export const zkCheck: CheckDefinition<ZkCheckConfig> = {
  name: 'zk',
  catalog: ZK_CATALOG,
  secretKeys: [],
  parseInstance: parseZkInstance,
  common: (config) => config.common,
  create: (config) => new ZkCheck(config),
};
