// A bulk Jolokia read, as the agent will do it: one POST with an array of requests.
export interface JolokiaReadRequest {
  type: 'read';
  mbean: string;
  attribute?: string | string[];
  path?: string;
}

export interface JolokiaResponse {
  status: number;
  value?: unknown;
  error?: string;
}

export async function jolokiaBulk(
  baseUrl: string,
  requests: JolokiaReadRequest[],
): Promise<JolokiaResponse[]> {
  const response = await fetch(`${baseUrl}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(requests),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Jolokia ${baseUrl} answered HTTP ${response.status}`);
  return (await response.json()) as JolokiaResponse[];
}
