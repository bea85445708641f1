// Monitor routes: list (with states), one monitor (with history), create, replace, delete, evaluate now.
import type { ApiServer } from '../../api/server';
import { sendJson } from '../../api/server';
import { MonitorRequestError, type MonitorEngine } from '../../monitors';
import { answer, assertSameOrigin, BadRequest, readJsonBody } from '../http';

const ONE = /^\/api\/v1\/monitors\/([a-z0-9][a-z0-9_-]{0,63})(\/evaluate)?$/;

function target(url: URL): { id: string; evaluate: boolean } {
  const match = ONE.exec(url.pathname);
  if (match === null) throw new BadRequest('no such monitor', 404);
  return { id: match[1] as string, evaluate: match[2] !== undefined };
}

/** Engine refusals become HTTP answers with their status. */
function engineCall<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof MonitorRequestError) throw new BadRequest(error.message, error.status);
    throw error;
  }
}

export function registerMonitorRoutes(api: ApiServer, monitors: MonitorEngine): void {
  api.route('GET', '/api/v1/monitors', (_req, res) =>
    answer(res, () => ({ monitors: monitors.list(), problems: monitors.problems })),
  );

  api.route('POST', '/api/v1/monitors', (req, res) =>
    answer(res, async () => {
      assertSameOrigin(req);
      const body = await readJsonBody(req);
      sendJson(res, 201, { monitor: engineCall(() => monitors.create(body)) });
    }),
  );

  api.route('GET', '/api/v1/monitors/*', (_req, res, url) =>
    answer(res, () => {
      const { id, evaluate } = target(url);
      if (evaluate) throw new BadRequest('use POST to evaluate', 405);
      const monitor = monitors.get(id);
      if (monitor === undefined) throw new BadRequest('no such monitor', 404);
      return { monitor };
    }),
  );

  api.route('POST', '/api/v1/monitors/*', (req, res, url) =>
    answer(res, () => {
      assertSameOrigin(req);
      const { id, evaluate } = target(url);
      if (!evaluate)
        throw new BadRequest('POST /api/v1/monitors/<id>/evaluate, or PUT to change a monitor', 405);
      return { monitor: engineCall(() => monitors.evaluateNow(id)) };
    }),
  );

  api.route('PUT', '/api/v1/monitors/*', (req, res, url) =>
    answer(res, async () => {
      assertSameOrigin(req);
      const { id, evaluate } = target(url);
      if (evaluate) throw new BadRequest('use POST to evaluate', 405);
      const body = await readJsonBody(req);
      return { monitor: engineCall(() => monitors.update(id, body)) };
    }),
  );

  api.route('DELETE', '/api/v1/monitors/*', (req, res, url) =>
    answer(res, () => {
      assertSameOrigin(req);
      const { id } = target(url);
      engineCall(() => monitors.delete(id));
      return { deleted: true };
    }),
  );
}
