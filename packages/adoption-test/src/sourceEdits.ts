import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdoptionError } from './run';
import { Snippet } from './snippets';

/**
 * Applies a README's TypeScript snippet to a file of the fresh portal the way a user
 * pastes it: its imports at the top of the file, and each part of it where its comment
 * says (`// in overviewContent`). The places are found by what create-app writes in those
 * files; a README naming a place the test does not know, or a file that no longer has it,
 * fails with both named.
 */

/** Where a part of a snippet goes in a file: returns the file with the part in place. */
type Place = (file: string, part: string) => string | undefined;

/** Before the first line, after `from`, that matches `line`. */
function beforeLine(from: RegExp, line: RegExp): Place {
  return (file, part) => {
    const lines = file.split('\n');
    const start = lines.findIndex(l => from.test(l));
    if (start < 0) return undefined;
    const at = lines.findIndex((l, i) => i > start && line.test(l));
    if (at < 0) return undefined;
    lines.splice(at, 0, part);
    return lines.join('\n');
  };
}

/** Instead of the line that matches `line`. */
function insteadOf(line: RegExp): Place {
  return (file, part) => {
    const lines = file.split('\n');
    const at = lines.findIndex(l => line.test(l));
    if (at < 0) return undefined;
    lines.splice(at, 1, part);
    return lines.join('\n');
  };
}

/**
 * The places a README may name, per file of the portal, as create-app 0.9.2 writes those
 * files (the legacy template's `packages/app`).
 */
const PLACES: Record<string, Record<string, Place>> = {
  'packages/backend/src/index.ts': {
    // The backend README's lines: anywhere before the backend starts.
    '': beforeLine(/createBackend\(\)/, /^backend\.start\(\);/),
  },
  'packages/app/src/App.tsx': {
    'in the routes': beforeLine(/<FlatRoutes>/, /<\/FlatRoutes>/),
    'in the routes, instead of <Route path="/create" element={<ScaffolderPage />} />':
      insteadOf(
        /^\s*<Route path="\/create" element=\{<ScaffolderPage \/>\} \/>$/,
      ),
  },
  'packages/app/src/components/Root/Root.tsx': {
    'in the sidebar': beforeLine(/<Sidebar>/, /\{\/\* End global nav \*\/\}/),
  },
  'packages/app/src/components/catalog/EntityPage.tsx': {
    'in overviewContent': beforeLine(
      /^const overviewContent = \(/,
      /^ {2}<\/Grid>$/,
    ),
    'in serviceEntityPage': beforeLine(
      /^const serviceEntityPage = \(/,
      /^ {2}<\/EntityLayout>$/,
    ),
  },
};

interface ParsedSnippet {
  /** The portal file the snippet's first line names (`// packages/app/src/App.tsx`). */
  file: string;
  imports: string[];
  /** Each part and the place its comment names ('' for a snippet without places). */
  parts: { place: string; text: string }[];
}

const FILE_COMMENT = /^\/\/\s*(packages\/\S+\.tsx?)\s*$/;
const PLACE_COMMENT = /^\/\/\s*(.+?)\s*$/;

export function parseSourceSnippet(snippet: Snippet): ParsedSnippet {
  const lines = snippet.text.split('\n');
  const fileMatch = FILE_COMMENT.exec(lines[0] ?? '');
  if (!fileMatch) {
    throw new AdoptionError(
      `${snippet.source} (${snippet.id}): the snippet's first line must name the file it goes into, e.g. "// packages/backend/src/index.ts"`,
    );
  }
  const imports: string[] = [];
  const parts: ParsedSnippet['parts'] = [];
  let i = 1;
  while (i < lines.length) {
    if (/^import\b/.test(lines[i])) {
      const statement: string[] = [];
      while (i < lines.length) {
        statement.push(lines[i]);
        if (/;\s*$/.test(lines[i++])) break;
      }
      imports.push(statement.join('\n'));
    } else if (lines[i].trim() === '') {
      i++;
    } else {
      break;
    }
  }
  let current: { place: string; text: string[] } | undefined;
  for (; i < lines.length; i++) {
    const comment = PLACE_COMMENT.exec(lines[i]);
    if (comment && /^in\b/.test(comment[1])) {
      if (current)
        parts.push({ place: current.place, text: tidy(current.text) });
      // A remark in parentheses after the place is for the reader.
      current = { place: comment[1].replace(/\s*\([^)]*\)$/, ''), text: [] };
      continue;
    }
    if (!current) current = { place: '', text: [] };
    current.text.push(lines[i]);
  }
  if (current) parts.push({ place: current.place, text: tidy(current.text) });
  return { file: fileMatch[1], imports, parts };
}

/** A part's text without surrounding blank lines and without the `;` that ends a JSX part. */
function tidy(lines: string[]): string {
  const text = lines.join('\n').trim();
  return text.startsWith('<') ? text.replace(/;$/, '') : text;
}

/**
 * Applies a snippet to the portal. `appDir` relocates `packages/app` (the legacy app lives
 * at `packages/app-legacy` beside the new frontend system's app in the same portal).
 */
export function applySourceSnippet(
  portalDir: string,
  snippet: Snippet,
  options: { appDir?: string } = {},
): void {
  const parsed = parseSourceSnippet(snippet);
  const places = PLACES[parsed.file];
  if (!places) {
    throw new AdoptionError(
      `${snippet.source} (${
        snippet.id
      }): the test does not know where to apply a snippet for ${
        parsed.file
      }; it knows ${Object.keys(PLACES).join(', ')}`,
    );
  }
  const relativeFile = options.appDir
    ? parsed.file.replace(/^packages\/app\//, `${options.appDir}/`)
    : parsed.file;
  const path = join(portalDir, relativeFile);
  let file = readFileSync(path, 'utf8');
  for (const part of parsed.parts) {
    const place = places[part.place];
    if (!place) {
      throw new AdoptionError(
        `${snippet.source} (${snippet.id}): "// ${
          part.place
        }" is not a place the test knows in ${
          parsed.file
        }; it knows: ${Object.keys(places)
          .map(p => (p ? `"// ${p}"` : '(none: the whole snippet)'))
          .join(', ')}`,
      );
    }
    const edited = place(file, part.text);
    if (edited === undefined) {
      throw new AdoptionError(
        `${snippet.source} (${snippet.id}): ${relativeFile} of the fresh portal has no place "${part.place}" (has create-app changed the file?)`,
      );
    }
    file = edited;
  }
  if (parsed.imports.length > 0) file = addImports(file, parsed.imports);
  writeFileSync(path, file);
}

/** After the file's last import statement. */
function addImports(file: string, imports: string[]): string {
  const lines = file.split('\n');
  let last = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^import\b/.test(lines[i])) {
      while (i < lines.length && !/;\s*$/.test(lines[i])) i++;
      last = i;
    }
  }
  lines.splice(last + 1, 0, ...imports);
  return lines.join('\n');
}

/**
 * The new frontend system's explicit wiring: the snippet's imports, and the names it lists
 * in `features: [...]` added to the app's own list.
 */
export function applyFeaturesSnippet(portalDir: string, snippet: Snippet) {
  const parsed = parseSourceSnippet(snippet);
  const path = join(portalDir, parsed.file);
  const body = parsed.parts.map(p => p.text).join('\n');
  const listed = /features:\s*\[([^\]]*)\]/.exec(body);
  if (!listed) {
    throw new AdoptionError(
      `${snippet.source} (${snippet.id}): no "features: [...]" in the snippet`,
    );
  }
  const names = listed[1]
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(',')
    .map(n => n.trim())
    .filter(Boolean);
  let file = readFileSync(path, 'utf8');
  if (!/features:\s*\[/.test(file)) {
    throw new AdoptionError(
      `${
        parsed.file
      } of the fresh portal has no "features: [" to add ${names.join(
        ', ',
      )} to (has create-app changed it?)`,
    );
  }
  file = file.replace(/features:\s*\[/, m => `${m}${names.join(', ')}, `);
  const missing = parsed.imports.filter(i => !file.includes(i));
  writeFileSync(path, addImports(file, missing));
}
