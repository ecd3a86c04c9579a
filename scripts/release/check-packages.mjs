#!/usr/bin/env node
// Opens each package tarball in a folder (scripts/release/pack-packages --out DIR) and checks
// what a registry would serve from it:
//   - every entry point its package.json declares (main, module, types, browser, bin,
//     exports, typesVersions, configSchema) is a file in the tarball, and built output
//     rather than TypeScript source;
//   - every module its files import (dist/*.js, *.d.ts) is declared as a dependency or a
//     peer dependency (for a declaration file, its @types package counts too), or is a Node
//     built-in or the package itself; every relative import is a file in the tarball;
//   - no range still uses the workspace: protocol.
// Prints, per package, the entry points found and the imports with how each is declared,
// then each problem naming the package, the entry point or import, and the file. Exits 1
// if there is any.
//
//   node scripts/release/check-packages.mjs DIR
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';

const DEPENDENCY_FIELDS = [
  ['dependencies', 'dependency'],
  ['peerDependencies', 'peer dependency'],
  ['optionalDependencies', 'optional dependency'],
];
const CODE_FILE = /\.(c|m)?js$|\.d\.ts$/;
const IMPORT_PATTERNS = [
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bfrom\s+['"]([^'"]+)['"]/g,
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  /\/\/\/\s*<reference\s+types=['"]([^'"]+)['"]/g,
];

function filesIn(root, dir = '') {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap(
    entry => {
      const path = posix.join(dir, entry.name);
      return entry.isDirectory() ? filesIn(root, path) : [path];
    },
  );
}

/** Each entry point as [where it is declared, the path it names]. */
function entryPoints(pkg) {
  const found = [];
  for (const field of ['main', 'module', 'types', 'typings', 'browser']) {
    if (typeof pkg[field] === 'string') found.push([field, pkg[field]]);
  }
  if (typeof pkg.bin === 'string') found.push(['bin', pkg.bin]);
  for (const [name, path] of Object.entries(pkg.bin ?? {})) {
    if (typeof pkg.bin === 'object') found.push([`bin.${name}`, path]);
  }
  const walkExports = (value, where) => {
    if (typeof value === 'string') {
      if (!value.includes('*')) found.push([where, value]);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        // `backstage` names the kind of feature an entry point exports (written by
        // `backstage-cli package prepack`), not a file.
        if (key !== 'backstage') {
          walkExports(inner, `${where}[${JSON.stringify(key)}]`);
        }
      }
    }
  };
  walkExports(pkg.exports, 'exports');
  for (const [range, map] of Object.entries(pkg.typesVersions ?? {})) {
    for (const [name, paths] of Object.entries(map)) {
      for (const path of paths) {
        if (!path.includes('*'))
          found.push([`typesVersions[${range}].${name}`, path]);
      }
    }
  }
  if (typeof pkg.configSchema === 'string')
    found.push(['configSchema', pkg.configSchema]);
  return found;
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function typesPackageOf(name) {
  return `@types/${
    name.startsWith('@') ? name.slice(1).replace('/', '__') : name
  }`;
}

/** How the packed package.json declares `name`, if it does. */
function declaration(pkg, name) {
  for (const [field, label] of DEPENDENCY_FIELDS) {
    if (pkg[field]?.[name]) return label;
  }
  return undefined;
}

function relativeTargetExists(files, from, specifier) {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [
    base,
    `${base}.js`,
    `${base}.d.ts`,
    `${base}/index.js`,
    `${base}/index.d.ts`,
  ];
  return candidates.some(candidate => files.has(candidate));
}

function checkTarball(tarball) {
  const dir = mkdtempSync(join(tmpdir(), 'packed-'));
  try {
    execFileSync('tar', ['xzf', tarball, '-C', dir]);
    const root = join(dir, 'package');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const files = new Set(filesIn(root));
    const problems = [];
    const lines = [
      `${pkg.name} ${pkg.version} (${tarball.split('/').pop()}, ${
        files.size
      } files)`,
    ];

    lines.push('  entry points:');
    for (const [where, path] of entryPoints(pkg)) {
      const file = posix.normalize(path);
      const present = files.has(file);
      // What a registry's users load is JavaScript and declarations, never TypeScript
      // source, even when the tarball happens to hold it.
      const source = /\.tsx?$/.test(file) && !file.endsWith('.d.ts');
      const flag = !present ? '  MISSING' : source ? '  TYPESCRIPT SOURCE' : '';
      lines.push(`    ${where}: ${path}${flag}`);
      if (!present) {
        problems.push(
          `${pkg.name}: entry point ${where} names ${path}, which is not in the tarball`,
        );
      } else if (source) {
        problems.push(
          `${pkg.name}: entry point ${where} names ${path}, TypeScript source instead of built output`,
        );
      }
    }

    const imports = new Map(); // package name -> files importing it
    for (const file of [...files].filter(f => CODE_FILE.test(f)).sort()) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const pattern of IMPORT_PATTERNS) {
        for (const [, specifier] of text.matchAll(pattern)) {
          if (specifier.startsWith('.')) {
            if (!relativeTargetExists(files, file, specifier)) {
              problems.push(
                `${pkg.name}: ${file} imports ${specifier}, which is not in the tarball`,
              );
            }
            continue;
          }
          if (
            specifier.startsWith('node:') ||
            builtinModules.includes(packageNameOf(specifier))
          )
            continue;
          const name = packageNameOf(specifier);
          if (name === pkg.name) continue;
          if (!imports.has(name)) imports.set(name, new Set());
          imports.get(name).add(file);
        }
      }
    }
    lines.push('  imports declared:');
    for (const [name, importers] of [...imports].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const declaredAs = declaration(pkg, name);
      const typesOnly = [...importers].every(file => file.endsWith('.d.ts'));
      const typesDeclaredAs = typesOnly
        ? declaration(pkg, typesPackageOf(name))
        : undefined;
      if (declaredAs || typesDeclaredAs) {
        lines.push(
          `    ${name} (${
            declaredAs ?? `${typesDeclaredAs} ${typesPackageOf(name)}`
          })`,
        );
      } else {
        lines.push(`    ${name}  UNDECLARED`);
        problems.push(
          `${pkg.name}: ${[...importers].join(', ')} import${
            importers.size > 1 ? '' : 's'
          } ${name}, which is neither a dependency nor a peer dependency`,
        );
      }
    }

    for (const [field] of DEPENDENCY_FIELDS) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        if (String(range).startsWith('workspace:')) {
          problems.push(
            `${pkg.name}: ${field}.${name} is ${range}, which no registry resolves`,
          );
        }
      }
    }
    return { lines, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const folder = process.argv[2];
if (!folder || !existsSync(folder)) {
  console.error(
    'usage: node scripts/release/check-packages.mjs DIR (a folder of package tarballs)',
  );
  process.exit(2);
}
const tarballs = readdirSync(folder)
  .filter(f => f.endsWith('.tgz'))
  .sort();
if (tarballs.length === 0) {
  console.error(`no .tgz in ${folder}`);
  process.exit(2);
}
const problems = [];
for (const tarball of tarballs) {
  const result = checkTarball(join(folder, tarball));
  console.log(result.lines.join('\n'));
  problems.push(...result.problems);
}
if (problems.length > 0) {
  console.error(
    `\n${problems.length} problem${
      problems.length > 1 ? 's' : ''
    } in the packed packages:`,
  );
  for (const problem of problems) console.error(`- ${problem}`);
  process.exit(1);
}
console.log(
  `\n${tarballs.length} packages: every entry point in its tarball, every import declared`,
);
