// YAML files with errors that say where: `conf.d/kafka.d/conf.yaml:4:7: …`.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

export class YamlFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    position?: { line: number; col: number },
  ) {
    super(position ? `${file}:${position.line}:${position.col}: ${message}` : `${file}: ${message}`);
    this.name = 'YamlFileError';
  }
}

/** Largest configuration file read; anything bigger is a mistake, not a config. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export function parseYamlFile(file: string): unknown {
  let text: string;
  try {
    const buffer = readFileSync(file);
    if (buffer.length > MAX_CONFIG_BYTES)
      throw new YamlFileError(file, `larger than ${MAX_CONFIG_BYTES} bytes`);
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof YamlFileError) throw error;
    throw new YamlFileError(
      file,
      `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseYamlText(text, file);
}

export function parseYamlText(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const position = first.linePos?.[0];
    const message = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new YamlFileError(file, `invalid YAML: ${message}`, position);
  }
  return document.toJS({ maxAliasCount: 100 });
}
