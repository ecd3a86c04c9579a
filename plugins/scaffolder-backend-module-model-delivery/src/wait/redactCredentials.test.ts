import { redactCredentials } from './redactCredentials';

describe('redactCredentials', () => {
  it('masks credentials in URLs, Hugging Face tokens and bearer tokens', () => {
    expect(
      redactCredentials(
        "fatal: Authentication failed for 'https://user:hf_abcdefghijklmnop1234@huggingface.co/org/model/'",
      ),
    ).toBe(
      "fatal: Authentication failed for 'https://***@huggingface.co/org/model/'",
    );
    expect(
      redactCredentials('token hf_abcdefghijklmnopqrstuvwxyz was rejected'),
    ).toBe('token hf_*** was rejected');
    expect(redactCredentials('Authorization: Bearer eyJhbGciOi.J9x-y_z')).toBe(
      'Authorization: Bearer ***',
    );
  });

  it('leaves ordinary messages alone', () => {
    const message =
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. See https://kubernetes.io/docs/";
    expect(redactCredentials(message)).toBe(message);
  });
});
