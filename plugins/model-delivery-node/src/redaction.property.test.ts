/* eslint-disable @backstage/no-mixed-plugin-imports -- test-only imports: the shared generators run in node, never in the published package */
import fc from 'fast-check';
import {
  harmlessLogLines,
  huggingFaceTokens,
  linesWithCredentials,
  logFiller,
  propertySeed,
} from '@model-delivery/test-kit/validation';
import { REDACTED, redactCredentials } from './redaction';

const runs = { seed: propertySeed(), numRuns: 2000 };

/** Lines joined into a log, as a container writes them. */
function log<T>(lines: fc.Arbitrary<T>) {
  return fc.array(lines, { minLength: 1, maxLength: 6 });
}

describe('redactCredentials', () => {
  it('leaves no credential of a download log in the text, in any of the shapes it is printed in', () => {
    fc.assert(
      fc.property(
        log(fc.oneof(linesWithCredentials(), harmlessLogLines())),
        lines => {
          const text = lines
            .map(l => (typeof l === 'string' ? l : l.line))
            .join('\n');
          const redacted = redactCredentials(text);
          const secrets = lines.flatMap(l =>
            typeof l === 'string' ? [] : [l.secret],
          );
          for (const secret of secrets) {
            expect(redacted).not.toContain(secret);
          }
          expect(redacted.includes(REDACTED)).toBe(secrets.length > 0);
        },
      ),
      runs,
    );
  });

  it('redacts a Hugging Face token wherever it stands, even glued to other text', () => {
    fc.assert(
      fc.property(logFiller(), huggingFaceTokens(), logFiller(), (a, t, b) => {
        expect(redactCredentials(`${a}${t}${b}`)).not.toContain(t.slice(3));
      }),
      runs,
    );
  });

  it('passes lines without credentials through unchanged, including look-alikes (tokenizer_config.json, max_tokens=, hf_transfer)', () => {
    fc.assert(
      fc.property(log(harmlessLogLines()), lines => {
        const text = lines.join('\n');
        expect(redactCredentials(text)).toBe(text);
      }),
      runs,
    );
  });

  it('keeps the line count, so a tail of N lines stays N lines', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            linesWithCredentials().map(l => l.line),
            harmlessLogLines(),
            fc.string(),
            fc.constantFrom(
              '-----BEGIN RSA PRIVATE KEY-----',
              '-----END RSA PRIVATE KEY-----',
              'Authorization: Bearer\n',
              '--token\n',
            ),
          ),
        ),
        lines => {
          const text = lines.join('\n');
          expect(redactCredentials(text).split('\n')).toHaveLength(
            text.split('\n').length,
          );
        },
      ),
      runs,
    );
  });

  it('changes nothing more when applied twice', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            linesWithCredentials().map(l => l.line),
            harmlessLogLines(),
            fc.string(),
          ),
        ),
        lines => {
          const once = redactCredentials(lines.join('\n'));
          expect(redactCredentials(once)).toBe(once);
        },
      ),
      runs,
    );
  });

  it.each([
    [
      'git clone https://user:hf_abcdefghijklmnopqrstuvwxyzABCDEFGH@huggingface.co/google/gemma-2b /models/google/gemma-2b',
      `git clone https://${REDACTED}@huggingface.co/google/gemma-2b /models/google/gemma-2b`,
    ],
    ['Authorization: Bearer abc.def.ghi', `Authorization: Bearer ${REDACTED}`],
    [
      'downloader --token s3cr3t-value --out /models',
      `downloader --token ${REDACTED} --out /models`,
    ],
    ['HF_TOKEN=s3cr3t-value ./run.sh', `HF_TOKEN=${REDACTED} ./run.sh`],
    ['{"type":"hf","token":"abc 123"}', `{"type":"hf","token":"${REDACTED}"}`],
    [
      '-----BEGIN PRIVATE KEY-----\nMIIEv\nQ==\n-----END PRIVATE KEY-----',
      `-----BEGIN PRIVATE KEY-----\n${REDACTED}\n${REDACTED}\n-----END PRIVATE KEY-----`,
    ],
  ])('keeps what names the secret: %s', (text, expected) => {
    expect(redactCredentials(text)).toBe(expected);
  });
});

describe('redactCredentials with what the caller knows', () => {
  it('masks a known secret, in plain text and base64, wherever it stands', () => {
    const token = 'sample-token-without-hf-prefix';
    const base64 = Buffer.from(token).toString('base64');
    expect(
      redactCredentials(`rejected ${token}; data: {token: ${base64}}`, [token]),
    ).toBe(`rejected ${REDACTED}; data: {token: ${REDACTED}}`);
  });

  it('masks credentials in URLs, Hugging Face tokens and bearer tokens of failure messages', () => {
    expect(
      redactCredentials(
        "fatal: Authentication failed for 'https://user:hf_abcdefghijklmnop1234@huggingface.co/org/model/'",
      ),
    ).toBe(
      `fatal: Authentication failed for 'https://${REDACTED}@huggingface.co/org/model/'`,
    );
    expect(redactCredentials('token hf_abcdefghijklmnop was rejected')).toBe(
      `token ${REDACTED} was rejected`,
    );
    expect(redactCredentials('Authorization: Bearer eyJhbGciOi.J9x-y_z')).toBe(
      `Authorization: Bearer ${REDACTED}`,
    );
  });

  it('leaves ordinary failure messages alone', () => {
    const message =
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. See https://kubernetes.io/docs/";
    expect(redactCredentials(message)).toBe(message);
  });
});
