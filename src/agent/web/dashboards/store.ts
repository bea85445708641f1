// Where dashboards live: read-only templates shipped in the package's `dashboards/` folder, and the copies
// users save, one JSON file each under `<run_path>/dashboards/`. A copy gets its own id, so a template is
// never shadowed and upgrading the package never overwrites a user's edits.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BadRequest } from '../http';
import { DASHBOARD_ID, DashboardError, parseDashboard, type Dashboard } from './schema';

/** The package's `dashboards/` (this file is `<package>/<build>/src/agent/web/dashboards/store.js`). */
export const DEFAULT_TEMPLATES_DIR = resolve(__dirname, '..', '..', '..', '..', '..', 'dashboards');
export const MAX_SAVED_DASHBOARDS = 200;

export interface DashboardSummary {
  id: string;
  title: string;
  description?: string;
  kind: 'template' | 'saved';
  /** Unix milliseconds of the last save (saved copies only). */
  updatedAt?: number;
}

function slug(title: string): string {
  const base = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base === '' ? 'dashboard' : base}-${randomBytes(3).toString('hex')}`;
}

function validate(value: unknown): Dashboard {
  try {
    return parseDashboard(value);
  } catch (error) {
    if (error instanceof DashboardError) throw new BadRequest(error.message);
    throw error;
  }
}

export class DashboardStore {
  private templates: Map<string, Dashboard> | undefined;
  /** Problems with shipped templates (a broken file is skipped, not fatal). */
  readonly templateProblems: string[] = [];

  constructor(
    private readonly savedDir: string,
    private readonly templatesDir = DEFAULT_TEMPLATES_DIR,
  ) {}

  async list(): Promise<DashboardSummary[]> {
    const templates = [...(await this.loadTemplates()).values()].map((d): DashboardSummary => ({
      id: d.id,
      title: d.title,
      description: d.description,
      kind: 'template',
    }));
    const saved: DashboardSummary[] = [];
    for (const id of await this.savedIds()) {
      const dashboard = await this.readSaved(id).catch(() => undefined);
      if (dashboard === undefined) continue;
      const updatedAt = await stat(this.savedPath(id)).then(
        (s) => s.mtimeMs,
        () => undefined,
      );
      saved.push({
        id,
        title: dashboard.title,
        description: dashboard.description,
        kind: 'saved',
        updatedAt,
      });
    }
    saved.sort((a, b) => a.title.localeCompare(b.title));
    return [...templates, ...saved];
  }

  async get(id: string): Promise<{ dashboard: Dashboard; kind: 'template' | 'saved' } | undefined> {
    if (!DASHBOARD_ID.test(id)) return undefined;
    const template = (await this.loadTemplates()).get(id);
    if (template !== undefined) return { dashboard: template, kind: 'template' };
    const saved = await this.readSaved(id).catch(() => undefined);
    return saved === undefined ? undefined : { dashboard: saved, kind: 'saved' };
  }

  /** Saves a new copy (e.g. a clone of a template) under a fresh id derived from its title. */
  async create(value: unknown): Promise<Dashboard> {
    const draft = validate({ ...(value as object), id: 'draft' });
    if ((await this.savedIds()).length >= MAX_SAVED_DASHBOARDS)
      throw new BadRequest(`at most ${MAX_SAVED_DASHBOARDS} dashboards can be saved; delete one first`, 409);
    const dashboard = { ...draft, id: slug(draft.title) };
    await this.write(dashboard);
    return dashboard;
  }

  async update(id: string, value: unknown): Promise<Dashboard> {
    const existing = await this.get(id);
    if (existing === undefined) throw new BadRequest('no such dashboard', 404);
    if (existing.kind === 'template')
      throw new BadRequest('templates are read-only: clone it and edit the copy', 409);
    const dashboard = validate({ ...(value as object), id });
    await this.write(dashboard);
    return dashboard;
  }

  async delete(id: string): Promise<void> {
    const existing = await this.get(id);
    if (existing === undefined) throw new BadRequest('no such dashboard', 404);
    if (existing.kind === 'template') throw new BadRequest('templates cannot be deleted', 409);
    await rm(this.savedPath(id), { force: true });
  }

  private savedPath(id: string): string {
    return join(this.savedDir, `${id}.json`);
  }

  private async savedIds(): Promise<string[]> {
    const names = await readdir(this.savedDir).catch(() => [] as string[]);
    return names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -5))
      .filter((id) => DASHBOARD_ID.test(id));
  }

  private async readSaved(id: string): Promise<Dashboard> {
    const text = await readFile(this.savedPath(id), 'utf8');
    return { ...parseDashboard(JSON.parse(text)), id };
  }

  /** Atomic: a crash mid-write leaves the previous version, never half a file. */
  private async write(dashboard: Dashboard): Promise<void> {
    await mkdir(this.savedDir, { recursive: true });
    const path = this.savedPath(dashboard.id);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(dashboard, null, 2)}\n`);
    await rename(temporary, path);
  }

  private async loadTemplates(): Promise<Map<string, Dashboard>> {
    if (this.templates !== undefined) return this.templates;
    const templates = new Map<string, Dashboard>();
    const names = await readdir(this.templatesDir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      try {
        const dashboard = parseDashboard(JSON.parse(await readFile(join(this.templatesDir, name), 'utf8')));
        templates.set(dashboard.id, dashboard);
      } catch (error) {
        this.templateProblems.push(`${name}: ${(error as Error).message}`);
      }
    }
    this.templates = templates;
    return templates;
  }
}
