import fc from 'fast-check';

/*
 * Generators for the credential redaction: secrets in every shape a download log or an
 * event message can carry them, and log lines with none that must come through unchanged.
 * Nothing here imports the redaction, so the generators cannot share its bugs.
 */

const ALNUM =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');

function chars(alphabet: string[], minLength: number, maxLength: number) {
  return fc
    .array(fc.constantFrom(...alphabet), { minLength, maxLength })
    .map(a => a.join(''));
}

/** A Hugging Face user access token: `hf_` and 34 letters and digits. */
export function huggingFaceTokens(): fc.Arbitrary<string> {
  return chars(ALNUM, 34, 34).map(rest => `hf_${rest}`);
}

/** A password or opaque token of no recognisable shape, at least 8 characters. */
export function opaqueSecrets(): fc.Arbitrary<string> {
  return fc.oneof(
    // First a letter or digit: `--token -x` reads as two flags, to a person too.
    fc
      .tuple(
        fc.constantFrom(...ALNUM),
        chars([...ALNUM, '.', '_', '~', '+', '/', '-'], 7, 39),
      )
      .map(([first, rest]) => first + rest),
    huggingFaceTokens(),
  );
}

/** Text around a secret on the same line: log prefixes, timestamps, words, punctuation. */
export function logFiller(): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '2026-12-02T11:06:35Z ',
          '+ ',
          '[hf-dl] ',
          'INFO ',
          'fatal: ',
          'running: ',
          ' ',
          '; ',
          ' && ',
          '(',
          ')',
          '$ ',
        ),
        chars(ALNUM, 1, 12),
      ),
      { maxLength: 5 },
    )
    .map(parts => parts.join(''));
}

/**
 * A line holding a credential in one of the shapes downloaders print it in (a git URL, a
 * flag, an environment assignment, an HTTP header, JSON, a bare token), the secret itself,
 * and whether it sits at the start of a line.
 */
export function linesWithCredentials(): fc.Arbitrary<{
  line: string;
  secret: string;
}> {
  // In a URL the secret is percent-encoded, as a URL requires ('/' would end the host).
  const inUrl = (s: string) => encodeURIComponent(s);
  const shapes: Array<(s: string) => string> = [
    s =>
      `git clone https://user:${inUrl(
        s,
      )}@huggingface.co/org/model /models/org/model`,
    s => `git clone https://${inUrl(s)}@huggingface.co/org/model`,
    s =>
      `pip download --index-url https://__token__:${inUrl(
        s,
      )}@pypi.example.com/simple x`,
    s => `huggingface-cli download org/model --token ${s}`,
    s => `downloader --hf-token=${s} --out /models`,
    s => `downloader --password "${s}" --out /models`,
    s => `HF_TOKEN=${s}`,
    s => `export HUGGING_FACE_HUB_TOKEN='${s}'`,
    s => `env: hfToken=${s} HOME=/root`,
    s => `Authorization: Bearer ${s}`,
    s => `> authorization: token ${s}`,
    s => `headers={'Authorization': 'Bearer ${s}'}`,
    s => `{"type":"hf","token":"${s}"}`,
    s => `AWS_SECRET_ACCESS_KEY=${s}`,
    s => `api_key: ${s}`,
    s => `GET /resolve/main/x?X-Amz-Signature=${s}&X-Amz-Date=1 200`,
  ];
  return fc
    .tuple(
      fc.constantFrom(...shapes),
      opaqueSecrets(),
      logFiller(),
      logFiller(),
    )
    .map(([shape, secret, before, after]) => {
      const line = `${before} ${shape(secret)} ${after}`;
      return {
        line,
        secret: line.includes(secret) ? secret : encodeURIComponent(secret),
      };
    });
}

/**
 * Lines a Hugging Face download writes with no credential in them, including the ones that
 * look close: `tokenizer_config.json: 100%`, `max_tokens=512`, authentication failures
 * naming a URL without userinfo, `hf_transfer`.
 */
export function harmlessLogLines(): fc.Arbitrary<string> {
  const word = chars(ALNUM, 1, 10);
  const count = fc.nat({ max: 99999 });
  return fc.oneof(
    fc
      .tuple(word, word)
      .map(([org, name]) => `Cloning into '/models/${org}/${name}'...`),
    fc
      .tuple(count, count)
      .map(
        ([n, m]) =>
          `Downloading model-0000${n % 10}-of-0000${m % 10}.safetensors: ${
            n % 101
          }%|████      | ${n}M/${m}M [00:12<00:30, 41.2MB/s]`,
      ),
    count.map(n => `tokenizer_config.json: 100%|██████████| ${n}/${n} [00:00]`),
    count.map(n => `generation_config: max_tokens=${n}, temperature=0.7`),
    fc
      .tuple(word, word)
      .map(
        ([org, name]) =>
          `fatal: Authentication failed for 'https://huggingface.co/${org}/${name}/'`,
      ),
    count.map(
      n =>
        `error: RPC failed; HTTP 429 curl 22 The requested URL returned error: 429 (retry ${n})`,
    ),
    count.map(
      n => `Filtering content: ${n % 101}% (${n}/${n}), 4.20 GiB | 31.00 MiB/s`,
    ),
    fc.constant(
      'Using hf_transfer for faster downloads: enableHFTransfer=true',
    ),
    fc.constant('Reading the token from /var/run/secrets/huggingface.co/token'),
    fc.constant('HF_TOKEN is not set; downloading public files only'),
    fc.constant(''),
  );
}
