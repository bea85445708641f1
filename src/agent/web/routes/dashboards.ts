// Dashboard routes: list (templates and saved copies), read, create (clone), save, delete.
import type { ApiServer } from '../../api/server';
import { sendJson } from '../../api/server';
import type { DashboardStore } from '../dashboards/store';
import { answer, assertSameOrigin, BadRequest, readJsonBody } from '../http';

const ONE = /^\/api\/v1\/dashboards\/([^/]+)$/;

function idOf(url: URL): string {
  const match = ONE.exec(url.pathname);
  if (match === null) throw new BadRequest('not found', 404);
  return decodeURIComponent(match[1] as string);
}

export function registerDashboardRoutes(api: ApiServer, dashboards: DashboardStore): void {
  api.route('GET', '/api/v1/dashboards', (_req, res) =>
    answer(res, async () => ({ dashboards: await dashboards.list(), problems: dashboards.templateProblems })),
  );

  api.route('POST', '/api/v1/dashboards', (req, res) =>
    answer(res, async () => {
      assertSameOrigin(req);
      const created = await dashboards.create(await readJsonBody(req));
      sendJson(res, 201, { dashboard: created, kind: 'saved' });
    }),
  );

  api.route('GET', '/api/v1/dashboards/*', (_req, res, url) =>
    answer(res, async () => {
      const found = await dashboards.get(idOf(url));
      if (found === undefined) throw new BadRequest('no such dashboard', 404);
      return found;
    }),
  );

  api.route('PUT', '/api/v1/dashboards/*', (req, res, url) =>
    answer(res, async () => {
      assertSameOrigin(req);
      return { dashboard: await dashboards.update(idOf(url), await readJsonBody(req)), kind: 'saved' };
    }),
  );

  api.route('DELETE', '/api/v1/dashboards/*', (req, res, url) =>
    answer(res, async () => {
      assertSameOrigin(req);
      await dashboards.delete(idOf(url));
      return { deleted: true };
    }),
  );
}
