import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';

/*
 * The catalog locations of the portal's configs, followed through Location entities down
 * to the files they name. A location whose file is gone only shows as a processing error in
 * the running catalog, so it went unnoticed before (app-config.production.yaml named an
 * example template that no longer existed).
 */

const REPO_ROOT = resolve(__dirname, '../../..');
const TEMPLATES_DIR = join(
  REPO_ROOT,
  'plugins/scaffolder-backend-module-model-delivery/templates',
);

/** Each config, with the folder its `file` targets are relative to: the backend's working directory. */
const CONFIGS = [
  // `yarn start` runs the backend in its package folder.
  { file: 'app-config.yaml', workingDir: join(REPO_ROOT, 'packages/backend') },
  // packages/backend/Dockerfile runs it at the image's root, a copy of the repository's.
  { file: 'app-config.production.yaml', workingDir: REPO_ROOT },
];

interface Reached {
  files: string[];
  missing: string[];
}

/** The files a location reaches: itself and, for a Location entity, its targets, recursively. */
function follow(file: string, reached: Reached) {
  if (!existsSync(file)) {
    reached.missing.push(relative(REPO_ROOT, file));
    return;
  }
  // Real paths: the configs reach the templates through node_modules, as a portal that
  // installed the scaffolder module does.
  reached.files.push(realpathSync(file));
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const entity = doc.toJS();
    if (entity?.kind !== 'Location') continue;
    const targets: string[] = [
      ...(entity.spec?.target ? [entity.spec.target] : []),
      ...(entity.spec?.targets ?? []),
    ];
    for (const target of targets)
      follow(resolve(dirname(file), target), reached);
  }
}

function reachedBy(config: (typeof CONFIGS)[number]): Reached {
  const { catalog } = parse(readFileSync(join(REPO_ROOT, config.file), 'utf8'));
  const reached: Reached = { files: [], missing: [] };
  for (const location of catalog.locations) {
    if (location.type === 'file') {
      follow(resolve(config.workingDir, location.target), reached);
    }
  }
  return reached;
}

describe.each(CONFIGS)('the catalog locations of $file', config => {
  const reached = reachedBy(config);

  it('name files that exist', () => {
    expect(reached.missing).toEqual([]);
  });

  it("register every one of the suite's templates", () => {
    const templates = readdirSync(TEMPLATES_DIR, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => join(TEMPLATES_DIR, entry.name, 'template.yaml'));
    expect(templates).toHaveLength(4);
    expect(reached.files).toEqual(expect.arrayContaining(templates));
  });
});
