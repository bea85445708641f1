// Stands in for the Datadog Agent's trace intake (what DD_TRACE_AGENT_URL points at): accepts
// /v0.4/traces and anything else dd-trace may call, counts bytes and the traces dd-trace says it sent.
import { HttpSink, type SinkReply } from './http-sink';

/** Keep every trace: the agent's sampling feedback, at rate 1 for every service. */
const KEEP_ALL: SinkReply = {
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify({ rate_by_service: { 'service:,env:': 1 } }),
};
const OK: SinkReply = { status: 200, contentType: 'application/json', body: '{}' };

export class DatadogAgentSink {
  private readonly http = new HttpSink((request) => {
    if (request.url?.startsWith('/v0.4/traces')) {
      // dd-trace tells the agent how many traces a payload holds; counting them needs no msgpack decoder.
      const count = Number(request.headers['x-datadog-trace-count'] ?? 0);
      if (Number.isFinite(count)) this.traces += count;
      return KEEP_ALL;
    }
    return OK;
  });
  traces = 0;

  start(): Promise<string> {
    return this.http.start();
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  get requests(): number {
    return this.http.requests;
  }

  get bytes(): number {
    return this.http.bytes;
  }
}
