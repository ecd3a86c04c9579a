import fc from 'fast-check';

/*
 * Generators of the values users type into the suite's forms, weighted towards the edges of
 * Kubernetes' own rules: empty, single characters, separators at either end and repeated,
 * uppercase, unicode, whitespace, control characters, and lengths at the limit and one past.
 * Random strings alone almost never hit those edges; these hit them in every run.
 *
 * Test-only. Nothing here imports the validators, so the generators cannot share their bugs.
 */

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/**
 * Characters that look harmless but break a rule: whitespace, controls, look-alikes
 * (fullwidth, the Kelvin sign that lowercases to 'k', dotted I), multi-unit characters.
 */
export const ODD_CHARACTERS = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u001b',
  '\u007f',
  '\u00a0',
  '\u200b',
  '\ufeff',
  'é',
  'ß',
  'İ',
  'ı',
  '\u212a',
  'ａ',
  '１',
  '😀',
  '/',
  '\\',
  ':',
  '@',
  '+',
  '%',
  '~',
  '*',
  '"',
  "'",
  '$',
  '#',
  '=',
  ',',
];

interface NameShape {
  /** Characters the rule allows anywhere. */
  alphanumerics: string;
  /** Characters the rule allows only inside (or the ones worth misplacing). */
  separators: string[];
  /** The rule's length limit. */
  maxLength: number;
  /** Values every run should include. */
  edges?: string[];
}

function chars(text: string): string[] {
  return [...text];
}

/** Values at every edge of a name rule, drawn as constants. */
function edgeValues(shape: NameShape): string[] {
  const { separators, maxLength } = shape;
  const values = new Set<string>(['', 'a', 'z', '0', '9', 'A', 'Z']);
  for (const c of ODD_CHARACTERS) {
    values.add(c);
    values.add(`a${c}`);
    values.add(`${c}a`);
    values.add(`a${c}b`);
  }
  for (const s of [...separators, '-', '.', '_']) {
    for (const v of [
      s,
      s + s,
      `a${s}`,
      `${s}a`,
      `a${s}b`,
      `a${s}${s}b`,
      `${s}a${s}`,
      `0${s}9`,
    ]) {
      values.add(v);
    }
  }
  for (const length of [maxLength - 1, maxLength, maxLength + 1]) {
    values.add('a'.repeat(length));
    values.add('0'.repeat(length));
    values.add(`${'a'.repeat(length - 1)}-`);
    values.add(`-${'a'.repeat(length - 1)}`);
    values.add(`${'a'.repeat(length - 1)}A`);
    values.add(`${'a'.repeat(length - 1)}9`);
  }
  for (const v of shape.edges ?? []) values.add(v);
  return [...values];
}

function characterOf(shape: NameShape): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...chars(shape.alphanumerics)) },
    { weight: 3, arbitrary: fc.constantFrom(...shape.separators) },
    { weight: 1, arbitrary: fc.constantFrom(...chars(UPPER)) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_CHARACTERS) },
  );
}

/** Words of allowed characters joined by separators, sometimes doubled or at either end. */
function joinedWords(shape: NameShape): fc.Arbitrary<string> {
  const word = fc.string({
    unit: fc.constantFrom(...chars(shape.alphanumerics)),
    maxLength: 10,
  });
  const separator = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...shape.separators) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...shape.separators)
        .chain(a => fc.constantFrom(...shape.separators).map(b => a + b)),
    },
  );
  return fc
    .tuple(
      fc.array(fc.tuple(word, separator), { minLength: 1, maxLength: 5 }),
      word,
    )
    .map(([pairs, last]) => pairs.map(([w, s]) => w + s).join('') + last);
}

/**
 * A string of exactly `length` characters: allowed words and separators (ending on an
 * allowed character), then, half the time, one character changed to any other kind.
 */
function ofLength(shape: NameShape, length: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      joinedWords(shape),
      fc.option(
        fc.tuple(fc.nat({ max: Math.max(0, length - 1) }), characterOf(shape)),
        { freq: 2 },
      ),
    )
    .map(([words, edit]) => {
      let text = words.replace(/[^a-zA-Z0-9]/g, '') === '' ? 'a' : words;
      while (text.length < length) text += `${shape.separators[0]}${words}`;
      text = text.slice(0, length);
      text = text.replace(/[^a-zA-Z0-9]+$/, m => 'a'.repeat(m.length));
      text = text.replace(/^[^a-zA-Z0-9]+/, m => '0'.repeat(m.length));
      if (edit && length > 0) {
        const [at, c] = edit;
        // Keep the length exact: a character of two UTF-16 units takes two places.
        text = (text.slice(0, at) + c + text.slice(at + 1)).slice(0, length);
      }
      return text;
    });
}

function nameCandidates(shape: NameShape): fc.Arbitrary<string> {
  const nearLimit = fc
    .integer({ min: shape.maxLength - 2, max: shape.maxLength + 2 })
    .chain(length => ofLength(shape, length));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...edgeValues(shape)) },
    { weight: 5, arbitrary: joinedWords(shape) },
    { weight: 3, arbitrary: nearLimit },
    {
      weight: 2,
      arbitrary: fc.string({ unit: characterOf(shape), maxLength: 24 }),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  );
}

/** Candidates for an RFC 1123 label (namespaces, Job names): limit 63. */
export function dnsLabelCandidates(): fc.Arbitrary<string> {
  return nameCandidates({
    alphanumerics: LOWER + DIGITS,
    separators: ['-', '.', '_'],
    maxLength: 63,
    edges: [
      'a-b',
      'a--b',
      '1-2',
      '0',
      'kube-system',
      'default',
      'xn--bcher-kva',
    ],
  });
}

/** Candidates for an RFC 1123 subdomain (most object names): limit 253. */
export function dnsSubdomainCandidates(): fc.Arbitrary<string> {
  return nameCandidates({
    alphanumerics: LOWER + DIGITS,
    separators: ['.', '-', '.', '_'],
    maxLength: 253,
    edges: [
      'a.b',
      'a..b',
      'a.-b',
      'a-.b',
      '.a',
      'a.',
      `${'a'.repeat(63)}.${'b'.repeat(63)}`,
      `${'a'.repeat(64)}.b`,
      'example.com',
      'a.b.c.d',
    ],
  });
}

/** Candidates for a label value: limit 63, letters, digits, '-', '_', '.'. */
export function labelValueCandidates(): fc.Arbitrary<string> {
  return nameCandidates({
    alphanumerics: LOWER + UPPER + DIGITS,
    separators: ['-', '_', '.', '/'],
    maxLength: 63,
    edges: ['A', 'Chat_Assistant.v2', 'a_', '_a', 'a._-b'],
  });
}

/** Candidates for a key of a Secret's or ConfigMap's data: limit 253. */
export function configKeyCandidates(): fc.Arbitrary<string> {
  return nameCandidates({
    alphanumerics: LOWER + UPPER + DIGITS,
    separators: ['.', '-', '_', '/'],
    maxLength: 253,
    edges: [
      '.',
      '..',
      '...',
      '..a',
      '.a',
      'a..',
      '.-',
      '.._',
      '..-x',
      '.env',
      '.dockerconfigjson',
      'HF_TOKEN',
      'token',
      'a/b',
    ],
  });
}

/** Candidates for a Hugging Face model id: `name` or `namespace/name`, 96 a part. */
export function huggingFaceIdCandidates(): fc.Arbitrary<string> {
  const part = nameCandidates({
    alphanumerics: LOWER + UPPER + DIGITS,
    separators: ['-', '_', '.'],
    maxLength: 96,
    edges: ['gpt2', 'Llama-3.1-8B', 'a--b', 'a..b', '.a', 'a.'],
  });
  return fc.oneof(
    { weight: 1, arbitrary: part },
    {
      weight: 3,
      arbitrary: fc.tuple(part, part).map(([org, name]) => `${org}/${name}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'google/gemma-2-2b-it',
        '/',
        'a/',
        '/a',
        'a/b/c',
        '../x',
        'a//b',
      ),
    },
  );
}

const QUANTITY_SUFFIXES = [
  'n',
  'u',
  'm',
  'k',
  'M',
  'G',
  'T',
  'P',
  'E',
  'Ki',
  'Mi',
  'Gi',
  'Ti',
  'Pi',
  'Ei',
];
const NEAR_MISS_SUFFIXES = [
  'K',
  'KB',
  'GB',
  'gi',
  'ki',
  'mi',
  'i',
  'mm',
  'kk',
  'Mii',
  'B',
  'e',
  'E+',
  'e-',
  'ee1',
  'x',
  ' Gi',
  'Gi ',
  'µ',
];

function exponentSuffix(): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom('e', 'E'),
        fc.constantFrom('', '+', '-'),
        fc.string({
          unit: fc.constantFrom(...chars(DIGITS)),
          minLength: 1,
          maxLength: 4,
        }),
      )
      .map(([e, sign, digits]) => e + sign + digits),
    fc.constantFrom(
      'e1.5',
      'e.5',
      'e1.',
      'E-1000',
      'e400',
      'e-400',
      'e2147483647',
      'e2147483648',
      'e4294967296',
      'e9223372036854775807',
      'e9223372036854775808',
      'e99999999999999999999',
      'e-9223372036854775808',
      'e+007',
    ),
  );
}

/** Candidates for a Kubernetes quantity: signs, leading zeros, bare dots, every suffix, exponents. */
export function quantityCandidates(): fc.Arbitrary<string> {
  const digits = (max: number) =>
    fc.string({ unit: fc.constantFrom(...chars(DIGITS)), maxLength: max });
  const number = fc.oneof(
    { weight: 4, arbitrary: digits(4).filter(d => d.length > 0) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(digits(4), fc.constantFrom('.', '.'), digits(4))
        .map(([a, dot, b]) => a + dot + b),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('0', '00', '0.0', '.0', '0.', '.'),
    },
    { weight: 1, arbitrary: digits(40) },
    { weight: 1, arbitrary: fc.constantFrom('9'.repeat(19), '9'.repeat(20)) },
  );
  const suffix = fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    { weight: 5, arbitrary: fc.constantFrom(...QUANTITY_SUFFIXES) },
    { weight: 2, arbitrary: fc.constantFrom(...NEAR_MISS_SUFFIXES) },
    { weight: 3, arbitrary: exponentSuffix() },
  );
  const structured = fc
    .tuple(
      fc.oneof(
        { weight: 8, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: fc.constantFrom('+', '-', '--', '+-') },
      ),
      number,
      suffix,
      fc.oneof(
        { weight: 12, arbitrary: fc.constant(['', '']) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...ODD_CHARACTERS)
            .chain(c => fc.constantFrom([c, ''], ['', c])),
        },
      ),
    )
    .map(([sign, n, s, [before, after]]) => before + sign + n + s + after);
  return fc.oneof(
    { weight: 8, arbitrary: structured },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '',
        '0',
        '-0',
        '+0',
        '+',
        '-',
        '.',
        '+.',
        '-.5',
        '1.',
        '.5',
        '1e',
        '1e1000',
        '1e-1000',
        '0e5',
        '0.000000001',
        '0.0000000001',
        '1n',
        '0.5n',
        'Gi',
        '1 Gi',
        ' 1Gi',
        '1Gi ',
        '1Gi\n',
        '1.5Gi',
        '1.Gi',
        '１',
        '1\u0000',
        '500m',
        '4Gi',
        '1E3',
        '1e+3',
      ),
    },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.constantFrom(...chars(`${DIGITS}.+-eEikKmMGTPn `)),
        maxLength: 8,
      }),
    },
  );
}

/** A value the rules accept: lowercase words joined by '-', at most `maxLength`. */
export function plainName(maxLength = 20): fc.Arbitrary<string> {
  return fc
    .array(
      fc.string({
        unit: fc.constantFrom(...chars(LOWER + DIGITS)),
        minLength: 1,
        maxLength: 6,
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map(words => words.join('-').slice(0, maxLength).replace(/-+$/, ''))
    .filter(name => name.length > 0 && /^[a-z]/.test(name));
}

/** Anything a template could hand an action for one field: wrong types included. */
export function wrongTypes(): fc.Arbitrary<unknown> {
  return fc.constantFrom(
    undefined,
    null,
    0,
    1,
    -1,
    true,
    false,
    [],
    {},
    ['a'],
    { name: 'a' },
    Number.NaN,
  );
}

/** Candidates for a LocalModelCache's `sourceModelUri`. */
export function sourceModelUriCandidates(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: huggingFaceIdCandidates().map(id => `hf://${id}`) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('s3', 'gs', 'hf', 'https', 'ftp', 'S3', ''),
          dnsSubdomainCandidates(),
          fc.constantFrom('', '/', '/model', '/a/../b', '/..'),
        )
        .map(([scheme, host, path]) => `${scheme}://${host}${path}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        'hf://',
        'hf://org',
        'hf://org/model:main',
        'hf://org/model:',
        'hf://org/model:a:b',
        's3://bucket',
        's3://bucket/',
        'gs://b/p',
        'meta-llama/Llama-3.1-8B',
      ),
    },
  );
}

/** A parsed field path: `models[0].name` → ['models', 0, 'name']. */
function pathOf(field: string): Array<string | number> {
  return field
    .split(/\.|\[(\d+)\]/)
    .filter(part => part !== undefined && part !== '')
    .map(part => (/^\d+$/.test(part) ? Number(part) : part));
}

/** A deep copy of `input` with the field at `path` (as the validators name it) set to `value`. */
export function withField<T>(input: T, field: string, value: unknown): T {
  const copy = structuredClone(input) as any;
  const path = pathOf(field);
  let target = copy;
  for (const key of path.slice(0, -1)) {
    if (target[key] === undefined || target[key] === null) {
      target[key] = {};
    }
    target = target[key];
  }
  target[path[path.length - 1]] = value;
  return copy;
}

/** One generated input of a kind with exactly one field changed to a generated value. */
export interface ChangedInput<T> {
  input: T;
  /** The field changed, as validators name it, e.g. `models[0].name`. */
  field: string;
  value: unknown;
}

function oneFieldChanged<T>(
  valid: fc.Arbitrary<T>,
  candidates: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<ChangedInput<T>> {
  return fc.oneof(
    ...Object.entries(candidates).map(([field, values]) =>
      fc
        .tuple(
          valid,
          fc.oneof(
            { weight: 9, arbitrary: values },
            { weight: 1, arbitrary: wrongTypes() },
          ),
        )
        .map(([input, value]) => ({
          input: withField(input, field, value),
          field,
          value,
        })),
    ),
  );
}

// Mirrors how hf-operator names Jobs, only so that generated valid inputs never collide.
const jobPart = (model: string) => model.toLowerCase().replace(/[/_.]/g, '-');

/** Valid ModelDownload inputs (every Job name distinct and short enough). */
export function validModelDownloadInput() {
  const model = fc
    .tuple(plainName(10), plainName(15), fc.constantFrom('', '.V2', '_x'))
    .map(([org, name, tail]) => `${org}/${name}${tail}`);
  return fc.record({
    name: plainName(12),
    namespace: plainName(20),
    models: fc.uniqueArray(fc.record({ name: model }), {
      minLength: 1,
      maxLength: 3,
      selector: m => jobPart(m.name),
    }),
    storagePVC: plainName(),
    hfTokenRef: fc.record({
      name: plainName(),
      key: fc.constantFrom('token', 'HF_TOKEN', 'hf.token', '.token'),
    }),
    nodePool: fc.constantFrom('gpu-pool', 'GPU_Pool.a', 'a'),
    settings: fc.record(
      {
        cpu: fc.constantFrom('1', '500m', '2', '1.5', '1e3'),
        memory: fc.constantFrom('4Gi', '512Mi', '1G', '1.5Gi'),
        keepAliveSeconds: fc.nat({ max: 2 ** 31 - 1 }),
      },
      { requiredKeys: [] },
    ),
  });
}

/** A valid ModelDownload input with one field changed to an edge value. */
export function modelDownloadInputChanges() {
  return oneFieldChanged(validModelDownloadInput(), {
    name: dnsSubdomainCandidates(),
    namespace: dnsLabelCandidates(),
    'models[0].name': huggingFaceIdCandidates(),
    storagePVC: dnsSubdomainCandidates(),
    'hfTokenRef.name': dnsSubdomainCandidates(),
    'hfTokenRef.key': configKeyCandidates(),
    nodePool: labelValueCandidates(),
    'settings.cpu': quantityCandidates(),
    'settings.memory': quantityCandidates(),
  });
}

/** Valid GemmaOnTPUServer inputs. */
export function validGemmaOnTPUServerInput() {
  return fc.record({
    name: plainName(24),
    namespace: plainName(20),
    replicas: fc.integer({ min: 1, max: 8 }),
    kaggleSecret: fc.constantFrom('kaggle-credentials', 'kaggle.secret', 'k'),
  });
}

/** A valid GemmaOnTPUServer input with one field changed to an edge value. */
export function gemmaOnTPUServerInputChanges() {
  return oneFieldChanged(validGemmaOnTPUServerInput(), {
    name: dnsLabelCandidates(),
    namespace: dnsLabelCandidates(),
    kaggleSecret: dnsSubdomainCandidates(),
    replicas: fc.oneof(
      fc.integer({ min: -2, max: 3 }),
      fc.constantFrom(1.5, 2 ** 31, Number.MAX_SAFE_INTEGER, '1'),
    ),
  });
}

/** Valid LocalModelCache / LocalModelNamespaceCache inputs. */
export function validLocalModelCacheInput() {
  return fc.record({
    name: plainName(30),
    scope: fc.constantFrom('cluster' as const, 'namespace' as const),
    namespace: plainName(20),
    sourceModelUri: fc
      .tuple(plainName(10), plainName(20))
      .map(([org, model]) => `hf://${org}/${model}`),
    modelSize: fc.constantFrom('10Gi', '1Ti', '500M', '1.5Gi'),
    nodeGroups: fc.uniqueArray(plainName(), { minLength: 1, maxLength: 3 }),
    credentials: fc.oneof(
      fc.constant({ method: 'none' as const }),
      plainName().map(serviceAccountName => ({
        method: 'serviceAccount' as const,
        serviceAccountName,
      })),
      fc.constantFrom('hf', 'HF_TOKEN', 'hf.token').map(storageKey => ({
        method: 'storageKey' as const,
        storageKey,
      })),
    ),
  });
}

/** A valid LocalModelCache input with one field changed to an edge value. */
export function localModelCacheInputChanges() {
  return oneFieldChanged(validLocalModelCacheInput(), {
    name: dnsLabelCandidates(),
    namespace: dnsLabelCandidates(),
    sourceModelUri: sourceModelUriCandidates(),
    modelSize: quantityCandidates(),
    'nodeGroups[0]': dnsSubdomainCandidates(),
    'credentials.serviceAccountName': dnsSubdomainCandidates(),
    'credentials.storageKey': configKeyCandidates(),
  }).map(change => {
    // A credential field means something only with its method; the namespace only in scope 'namespace'.
    if (change.field === 'namespace') {
      return {
        ...change,
        input: { ...change.input, scope: 'namespace' as const },
      };
    }
    if (!change.field.startsWith('credentials.')) return change;
    const key = change.field.split('.')[1];
    const method = key === 'storageKey' ? 'storageKey' : 'serviceAccount';
    return {
      ...change,
      input: {
        ...change.input,
        credentials: { method, [key]: change.value } as any,
      },
    };
  });
}

/** The fixed seed every property run uses unless `VALIDATION_SEED` names another. */
export function propertySeed(): number {
  const fromEnv = process.env.VALIDATION_SEED;
  return fromEnv ? Number(fromEnv) : 20261202;
}

/** Words joined by single separators: valid by construction, of any length up to `maxLength`. */
function separatedWords(
  letters: string,
  separators: string[],
  maxLength: number,
): fc.Arbitrary<string> {
  const word = fc.string({
    unit: fc.constantFrom(...chars(letters)),
    minLength: 1,
    maxLength: 12,
  });
  return fc
    .tuple(
      fc.array(fc.tuple(word, fc.constantFrom(...separators)), {
        maxLength: 10,
      }),
      word,
    )
    .map(([pairs, last]) =>
      (pairs.map(([w, s]) => w + s).join('') + last)
        .slice(0, maxLength)
        .replace(/[^a-zA-Z0-9]+$/, ''),
    )
    .filter(text => text.length > 0);
}

/**
 * A ModelDownload name and a Hugging Face id, both valid by their own rules, of every length:
 * what is left to break is the Job name hf-operator makes of them (over 63 characters, a
 * '-' left at the end by its cut to 50).
 */
export function hfOperatorJobInputs(): fc.Arbitrary<[string, string]> {
  const name = fc.oneof(
    { weight: 3, arbitrary: separatedWords(LOWER + DIGITS, ['-', '.'], 30) },
    { weight: 1, arbitrary: separatedWords(LOWER + DIGITS, ['-', '.'], 80) },
  );
  // The Hub lets a part start or end with '_', which hf-operator turns into '-'.
  const part = fc
    .tuple(
      fc.constantFrom('', '', '', '_', '__'),
      fc.oneof(
        {
          weight: 3,
          arbitrary: separatedWords(
            LOWER + UPPER + DIGITS,
            ['-', '_', '.'],
            20,
          ),
        },
        {
          weight: 1,
          arbitrary: separatedWords(
            LOWER + UPPER + DIGITS,
            ['-', '_', '.'],
            90,
          ),
        },
      ),
      fc.constantFrom('', '', '', '_'),
    )
    .map(([before, words, after]) => before + words + after);
  return fc.tuple(
    name,
    fc.oneof(
      part,
      fc.tuple(part, part).map(([org, model]) => `${org}/${model}`),
    ),
  );
}
