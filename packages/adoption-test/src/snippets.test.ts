import { parse } from 'yaml';
import {
  parseSnippets,
  readmeFiles,
  ReadmeSnippets,
  SNIPPET_IDS,
} from './snippets';
import { parseSourceSnippet } from './sourceEdits';

describe('parseSnippets', () => {
  it('reads the code block after a marker, blank lines between them or not', () => {
    const snippets = parseSnippets(
      [
        '# Install',
        '<!-- adoption-test: a/yarn-add -->',
        '',
        '```sh',
        'yarn --cwd packages/backend add x',
        '```',
        '<!-- adoption-test: a/index -->',
        '```ts',
        "backend.add(import('x'));",
        '```',
        '```sh',
        'not marked',
        '```',
      ].join('\n'),
      'README.md',
    );
    expect([...snippets.values()]).toEqual([
      {
        id: 'a/yarn-add',
        source: 'README.md:2',
        language: 'sh',
        text: 'yarn --cwd packages/backend add x',
      },
      {
        id: 'a/index',
        source: 'README.md:7',
        language: 'ts',
        text: "backend.add(import('x'));",
      },
    ]);
  });

  it('names the README and line of a marker without a code block, or used twice', () => {
    expect(() =>
      parseSnippets('<!-- adoption-test: a -->\nprose\n', 'README.md'),
    ).toThrow(
      'README.md:1: the marker "a" must be followed by a fenced code block',
    );
    expect(() =>
      parseSnippets(
        '<!-- adoption-test: a -->\n```\nx\n```\n<!-- adoption-test: a -->\n```\ny\n```\n',
        'README.md',
      ),
    ).toThrow('README.md:5: the marker "a" is also at README.md:1');
  });
});

describe("the repository's READMEs", () => {
  const snippets = new ReadmeSnippets(readmeFiles());
  const all = Object.values(SNIPPET_IDS).flat();

  it.each(all)('mark %s', id => {
    expect(snippets.get(id).text).not.toBe('');
  });

  it('mark nothing the adoption test does not apply', () => {
    for (const id of all) snippets.get(id);
    expect(snippets.unused().map(s => `${s.id} (${s.source})`)).toEqual([]);
  });

  it('give YAML mappings for .yarnrc.yml and app-config.yaml', () => {
    for (const id of [SNIPPET_IDS.yarnrc, ...SNIPPET_IDS.appConfig]) {
      expect(typeof parse(snippets.get(id).text)).toBe('object');
    }
  });

  it('name the file of each code snippet on its first line', () => {
    const files = [
      ...SNIPPET_IDS.backendSource,
      SNIPPET_IDS.features,
      ...SNIPPET_IDS.legacySource,
    ].map(id => parseSourceSnippet(snippets.get(id)).file);
    expect(new Set(files)).toEqual(
      new Set([
        'packages/backend/src/index.ts',
        'packages/app/src/App.tsx',
        'packages/app/src/components/catalog/EntityPage.tsx',
        'packages/app/src/components/Root/Root.tsx',
      ]),
    );
  });
});
