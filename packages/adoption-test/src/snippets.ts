import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AdoptionError } from './run';
import { REPO_ROOT } from './paths';

/**
 * A code block of a README that a user copies into their portal. The README marks it with
 * an HTML comment just before its fence, invisible on GitHub and npm:
 *
 *     <!-- adoption-test: backend-plugin/index -->
 *     ```ts
 *     backend.add(import('@model-delivery/plugin-model-delivery-backend'));
 *     ```
 *
 * The adoption test applies exactly that text to a fresh portal.
 */
export interface Snippet {
  id: string;
  /** The README, relative to the repository, and the line of the marker. */
  source: string;
  language: string;
  text: string;
}

const MARKER = /^<!--\s*adoption-test:\s*(\S+)\s*-->\s*$/;
const FENCE = /^(`{3,})(\S*)\s*$/;

/** Every marked snippet of a Markdown text, by id. */
export function parseSnippets(
  markdown: string,
  file: string,
): Map<string, Snippet> {
  const lines = markdown.split('\n');
  const found = new Map<string, Snippet>();
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]);
    if (!marker) continue;
    const id = marker[1];
    const source = `${file}:${i + 1}`;
    let fence = i + 1;
    while (fence < lines.length && lines[fence].trim() === '') fence++;
    const open = FENCE.exec(lines[fence] ?? '');
    if (!open) {
      throw new AdoptionError(
        `${source}: the marker "${id}" must be followed by a fenced code block`,
      );
    }
    const end = lines.findIndex((l, j) => j > fence && l.trim() === open[1]);
    if (end < 0) {
      throw new AdoptionError(
        `${source}: the code block after "${id}" is not closed`,
      );
    }
    if (found.has(id)) {
      throw new AdoptionError(
        `${source}: the marker "${id}" is also at ${found.get(id)!.source}`,
      );
    }
    found.set(id, {
      id,
      source,
      language: open[2],
      text: lines.slice(fence + 1, end).join('\n'),
    });
    i = end;
  }
  return found;
}

/** The marked snippets of the READMEs a user follows, read from the repository. */
export class ReadmeSnippets {
  private readonly snippets = new Map<string, Snippet>();
  private readonly used = new Set<string>();

  constructor(readonly files: string[]) {
    for (const file of files) {
      const name = relative(REPO_ROOT, file);
      for (const [id, snippet] of parseSnippets(
        readFileSync(file, 'utf8'),
        name,
      )) {
        const other = this.snippets.get(id);
        if (other) {
          throw new AdoptionError(
            `${snippet.source}: the marker "${id}" is also at ${other.source}`,
          );
        }
        this.snippets.set(id, snippet);
      }
    }
  }

  /** The snippet marked `id`; a README without it fails the test, naming the READMEs. */
  get(id: string): Snippet {
    const snippet = this.snippets.get(id);
    if (!snippet) {
      throw new AdoptionError(
        `No README has the snippet the adoption test applies as "${id}" ` +
          `(marked <!-- adoption-test: ${id} --> before its code block) in ${this.files
            .map(f => relative(REPO_ROOT, f))
            .join(', ')}`,
      );
    }
    this.used.add(id);
    return snippet;
  }

  /** Marked snippets the test never applied: a marker nothing tests is a stale marker. */
  unused(): Snippet[] {
    return [...this.snippets.values()].filter(s => !this.used.has(s.id));
  }
}

/** The READMEs a user follows: the repository's and each published package's. */
export function readmeFiles(): string[] {
  const plugins = join(REPO_ROOT, 'plugins');
  return [
    join(REPO_ROOT, 'README.md'),
    ...readdirSync(plugins)
      .sort()
      .map(name => join(plugins, name, 'README.md')),
  ];
}

/**
 * The snippets the adoption test applies, by what it does with them, in a user's order.
 * A README keeps each marked with its id.
 */
export const SNIPPET_IDS = {
  /** `.yarnrc.yml` settings: the age gate. */
  yarnrc: 'portal/yarnrc',
  /** `backstage-cli versions:bump` to the suite's Backstage release. */
  versionsBump: 'portal/versions-bump',
  /** `yarn add` lines of the backend packages and the new frontend system's app. */
  yarnAdd: [
    'backend/yarn-add',
    'scaffolder-module/yarn-add',
    'catalog-module/yarn-add',
    'frontend/yarn-add',
  ],
  /** `yarn add` lines of the legacy frontend system's app. */
  legacyYarnAdd: 'frontend-legacy/yarn-add',
  /** Lines of `packages/backend/src/index.ts`. */
  backendSource: [
    'backend/index',
    'scaffolder-module/index',
    'catalog-module/index',
  ],
  /** The new frontend system's explicit `features: [...]`. */
  features: 'frontend/features',
  /** The legacy app's wiring, file by file. */
  legacySource: [
    'frontend-legacy/entity-page',
    'frontend-legacy/fleet-page',
    'frontend-legacy/sidebar',
    'frontend-legacy/field-extensions',
  ],
  /** `app-config.yaml` blocks. */
  appConfig: ['scaffolder-module/templates'],
} as const;
