import {
  FAKE_HUB_ACCEPTED_TOKEN,
  FAKE_HUB_SAMPLE_TOKEN,
  fakeHubModel,
  fakeHubModelBytes,
} from './fakeHuggingFaceHubModels';
import {
  FakeHuggingFaceHub,
  startFakeHuggingFaceHub,
} from './fakeHuggingFaceHub';

let hub: FakeHuggingFaceHub;
beforeAll(async () => {
  hub = await startFakeHuggingFaceHub({ pageSize: 4 });
});
afterAll(() => hub.stop());

async function get(path: string, token?: string) {
  const response = await fetch(`${hub.url}${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return {
    status: response.status,
    errorCode: response.headers.get('X-Error-Code'),
    link: response.headers.get('Link'),
    body: await response.json(),
  };
}

describe('the stand-in Hugging Face Hub', () => {
  it('answers model info with the fields asked in expand, as the Hub does', async () => {
    const { status, body } = await get(
      '/api/models/Qwen/Qwen2.5-0.5B-Instruct/revision/HEAD?expand=gated&expand=private&expand=cardData',
    );

    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([
      '_id',
      'cardData',
      'gated',
      'id',
      'private',
    ]);
    expect(body).toMatchObject({
      id: 'Qwen/Qwen2.5-0.5B-Instruct',
      gated: false,
      private: false,
      cardData: { license: 'apache-2.0' },
    });
  });

  it('pages the recursive file tree with a Link header, LFS files with their real size', async () => {
    const entries: any[] = [];
    let path: string | undefined =
      '/api/models/meta-llama/Llama-3.2-1B-Instruct/tree/main?recursive=true&expand=false';
    let pages = 0;
    while (path) {
      const page = await get(path);
      expect(page.status).toBe(200);
      entries.push(...page.body);
      pages++;
      const next = page.link && /<([^>]+)>; rel="next"/.exec(page.link)?.[1];
      path = next ? next.slice(hub.url.length) : undefined;
    }

    expect(pages).toBeGreaterThan(1);
    expect(entries.find(e => e.path === 'original')).toMatchObject({
      type: 'directory',
    });
    expect(entries.find(e => e.path === 'model.safetensors')).toMatchObject({
      type: 'file',
      size: 2_471_645_608,
      lfs: { size: 2_471_645_608, pointerSize: 134 },
    });
    const total = entries
      .filter(e => e.type === 'file')
      .reduce((sum, e) => sum + (e.lfs?.size ?? e.size), 0);
    expect(total).toBe(
      fakeHubModelBytes(fakeHubModel('meta-llama/Llama-3.2-1B-Instruct')!),
    );
  });

  it('answers a gated model’s auth check with GatedRepo until the user accepted its terms', async () => {
    const path = '/api/models/meta-llama/Llama-3.2-1B-Instruct/auth-check';

    const anonymous = await get(path);
    const notAccepted = await get(path, FAKE_HUB_SAMPLE_TOKEN);
    const accepted = await get(path, FAKE_HUB_ACCEPTED_TOKEN);

    expect([anonymous.status, anonymous.errorCode]).toEqual([401, 'GatedRepo']);
    expect([notAccepted.status, notAccepted.errorCode]).toEqual([
      403,
      'GatedRepo',
    ]);
    expect(notAccepted.body.error).toBe(
      `Access to model meta-llama/Llama-3.2-1B-Instruct is restricted and you are not in the authorized list. Visit ${hub.url}/meta-llama/Llama-3.2-1B-Instruct to ask for access.`,
    );
    expect(accepted.status).toBe(200);
  });

  it('answers a missing or unreadable private model as RepoNotFound: 401 without a token, 404 with one', async () => {
    for (const id of ['nobody/nothing', 'model-delivery/internal-finetune']) {
      const anonymous = await get(`/api/models/${id}`);
      const other = await get(`/api/models/${id}`, FAKE_HUB_SAMPLE_TOKEN);
      expect([anonymous.status, anonymous.errorCode]).toEqual([
        401,
        'RepoNotFound',
      ]);
      expect([other.status, other.errorCode, other.body]).toEqual([
        404,
        'RepoNotFound',
        { error: 'Repository not found' },
      ]);
    }
    const reader = await get(
      '/api/models/model-delivery/internal-finetune',
      FAKE_HUB_ACCEPTED_TOKEN,
    );
    expect(reader.status).toBe(200);
  });

  it('answers an unknown revision with RevisionNotFound, and an unknown token with 401', async () => {
    const revision = await get(
      '/api/models/Qwen/Qwen2.5-0.5B-Instruct/revision/nope',
    );
    const badToken = await get(
      '/api/models/Qwen/Qwen2.5-0.5B-Instruct',
      'hf_unknown',
    );

    expect([revision.status, revision.errorCode, revision.body]).toEqual([
      404,
      'RevisionNotFound',
      { error: 'Invalid rev id: nope' },
    ]);
    expect([badToken.status, badToken.body]).toEqual([
      401,
      { error: 'Invalid credentials in Authorization header' },
    ]);
    expect(hub.requests.join('\n')).not.toContain(FAKE_HUB_SAMPLE_TOKEN);
  });
});
