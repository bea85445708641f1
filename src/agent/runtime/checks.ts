// Turns the conf.d folder into scheduled check instances and a list of configuration errors, the way
// the Datadog Agent does: a broken file (or instance) disables only itself.
import { CHECK_NAMES, isCheckName, loadCheck } from '../checks';
import type { CheckRunner } from '../checks';
import { isRecord } from '../checks/config/instance-reader';
import { discoverCheckConfigs } from '../config/confd';

export interface ConfigErrors {
  /** Check name → problems (each names the file, key and what is wrong). */
  byCheck: Record<string, string[]>;
  /** Problems not tied to one check (e.g. a missing conf.d). */
  general: string[];
}

export interface CheckLoading {
  errors: ConfigErrors;
  /** Parsed conf.d documents, for other consumers of conf.d (`logs:` sections). */
  documents: { check: string; file: string; document: Record<string, unknown> }[];
}

export function loadChecksInto(runner: CheckRunner, confdPath: string): CheckLoading {
  const { files, problems } = discoverCheckConfigs(confdPath);
  const errors: ConfigErrors = { byCheck: {}, general: [...problems] };
  const documents: CheckLoading['documents'] = [];
  const addError = (check: string, problem: string) => (errors.byCheck[check] ??= []).push(problem);
  for (const file of files) {
    if (file.error !== undefined) {
      addError(file.check, file.error);
      continue;
    }
    const document = file.document;
    if (document === null || document === undefined) continue;
    if (isRecord(document)) documents.push({ check: file.check, file: file.file, document });
    // A file with only a `logs:` section configures log collection, not a check.
    const hasInstances = isRecord(document) && document.instances !== undefined;
    if (!hasInstances && isRecord(document) && document.logs !== undefined) continue;
    if (!isCheckName(file.check)) {
      addError(file.check, `${file.file}: unknown check '${file.check}' (known: ${CHECK_NAMES.join(', ')})`);
      continue;
    }
    const loaded = loadCheck(file.check, document, `file:${file.file}`);
    for (const problem of loaded.problems) addError(file.check, problem);
    for (const instance of loaded.instances) runner.add(instance);
  }
  return { errors, documents };
}
