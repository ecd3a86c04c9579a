import { createHash, randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  FAKE_HUB_MODELS,
  FAKE_HUB_TOKENS,
  FakeHubModel,
} from './fakeHuggingFaceHubModels';

/*
 * A stand-in for the Hugging Face Hub: the part of its HTTP API that tells whether a model
 * exists, who may read it and how large it is, in the shapes the official clients read.
 * The real Hub is not reachable from the suite's machines.
 *
 * Where the shapes come from:
 * - huggingface/huggingface.js packages/hub/src/lib/model-info.ts (GET
 *   /api/models/{id}/revision/{rev}?expand=…, the fields it reads: _id, id, private, gated,
 *   …, siblings[].rfilename), list-models.ts (MODEL_EXPAND_KEYS, expandable keys such as
 *   cardData, tags, sha), list-files.ts and types/api/api-index-tree.ts (GET
 *   /api/models/{id}/tree/{rev}/{path}?recursive=&expand=, entries {type, oid, size, path,
 *   lfs: {oid, size, pointerSize}}, further pages through the `Link: <…>; rel="next"`
 *   header, utils/parseLinkHeader.ts), check-repo-access.ts (GET /api/models/{id}: 401, 403
 *   or 404 when the token may not read it), error.ts (a JSON body's `error` is the
 *   message; `X-Request-Id`).
 * - huggingface/huggingface_hub src/huggingface_hub/utils/_http.py hf_raise_for_status
 *   (the `X-Error-Code` header: RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo;
 *   `X-Error-Message`; 401 for a missing or private repo without a token, and "Invalid
 *   credentials in Authorization header" for a bad token), errors.py (GatedRepoError's
 *   403 "Access to model … is restricted and you are not in the authorized list. Visit
 *   https://huggingface.co/… to ask for access."), hf_api.py auth_check (GET
 *   /api/models/{id}/auth-check: 200, or the GatedRepo / RepoNotFound answers) and
 *   whoami (GET /api/whoami-v2).
 * - Hub docs, "Gated models" (huggingface.co/docs/hub/models-gated): a gated model's page
 *   and file list are public; its files are not until the user accepted its terms.
 */

/** @public */
export interface FakeHuggingFaceHubOptions {
  /** Default: a free port on 127.0.0.1. */
  port?: number;
  /** Tree entries per page; the Hub pages long trees. Default 1000. */
  pageSize?: number;
  /** Default: the sample models of fakeHuggingFaceHubModels.ts. */
  models?: readonly FakeHubModel[];
  /** Token → user. Default: the sample tokens. */
  tokens?: Readonly<Record<string, string>>;
}

/** @public */
export interface FakeHuggingFaceHub {
  /** `http://127.0.0.1:<port>`: what `modelDelivery.huggingFace.endpoint` (or HF_ENDPOINT) is set to. */
  readonly url: string;
  readonly port: number;
  /** Every request received as `METHOD path?query`, oldest first (never a header). */
  readonly requests: string[];
  stop(): Promise<void>;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'X-Request-Id': `Root=1-${randomUUID()}`,
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** The Hub's error answer: JSON `{ error }`, and the code and message in headers. */
function fail(
  res: ServerResponse,
  status: number,
  message: string,
  errorCode?: string,
) {
  send(
    res,
    status,
    { error: message },
    {
      'X-Error-Message': message,
      ...(errorCode ? { 'X-Error-Code': errorCode } : {}),
    },
  );
}

/** The fields of a model's info, as the Hub names them. */
function modelInfoFields(model: FakeHubModel): Record<string, unknown> {
  const [author] = model.id.split('/');
  return {
    author,
    sha: model.sha,
    lastModified: '2026-09-01T12:00:00.000Z',
    createdAt: '2026-01-15T09:30:00.000Z',
    private: model.private,
    disabled: false,
    gated: model.gated,
    downloads: 1000,
    likes: 10,
    library_name: 'transformers',
    pipeline_tag: model.pipelineTag,
    tags: [
      'transformers',
      'safetensors',
      ...(model.pipelineTag ? [model.pipelineTag] : []),
      ...(model.license ? [`license:${model.license.id}`] : []),
      'region:us',
    ],
    cardData:
      model.license?.in === 'cardData'
        ? { license: model.license.id, language: ['en'] }
        : { language: ['en'] },
    siblings: model.files.map(f => ({ rfilename: f.path })),
    spaces: [],
  };
}

/** Without `expand`, the Hub answers its default fields; with it, `_id`, `id` and those asked. */
const DEFAULT_FIELDS = [
  'author',
  'sha',
  'lastModified',
  'createdAt',
  'private',
  'disabled',
  'gated',
  'downloads',
  'likes',
  'library_name',
  'pipeline_tag',
  'tags',
  'cardData',
  'siblings',
  'spaces',
];

interface TreeEntry {
  type: 'file' | 'directory';
  oid: string;
  size: number;
  path: string;
  lfs?: { oid: string; size: number; pointerSize: number };
}

function treeOf(model: FakeHubModel): TreeEntry[] {
  const entries = new Map<string, TreeEntry>();
  for (const file of model.files) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!entries.has(dir)) {
        entries.set(dir, {
          type: 'directory',
          oid: sha1(`${model.id}/${dir}`),
          size: 0,
          path: dir,
        });
      }
    }
    entries.set(file.path, {
      type: 'file',
      oid: sha1(`${model.id}/${file.path}`),
      // As the Hub's tree: `size` is the file's size, and an LFS file's real size is in
      // `lfs.size` too (the repo itself holds a pointer of ~134 bytes).
      size: file.size,
      path: file.path,
      ...(file.lfs
        ? {
            lfs: {
              oid: sha256(`${model.id}/${file.path}`),
              size: file.size,
              pointerSize: 134,
            },
          }
        : {}),
    });
  }
  return [...entries.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Starts the stand-in Hub on loopback. Its users are those of `tokens`; a gated model is
 * readable by the users in its `acceptedBy`, a private one by its `readers`.
 *
 * @public
 */
export async function startFakeHuggingFaceHub(
  options: FakeHuggingFaceHubOptions = {},
): Promise<FakeHuggingFaceHub> {
  const models = options.models ?? FAKE_HUB_MODELS;
  const tokens = options.tokens ?? FAKE_HUB_TOKENS;
  const pageSize = options.pageSize ?? 1000;
  const requests: string[] = [];
  let url = '';

  const find = (id: string) => {
    const wanted = id.toLowerCase();
    return models.find(m => m.id.toLowerCase() === wanted);
  };

  function handle(req: IncomingMessage, res: ServerResponse) {
    const requestUrl = new URL(req.url ?? '/', url);
    requests.push(`${req.method} ${requestUrl.pathname}${requestUrl.search}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      fail(res, 405, 'Method not allowed');
      return;
    }

    // A token the Hub does not know is refused on every endpoint, before anything else.
    const authorization = req.headers.authorization;
    let user: string | undefined;
    if (authorization) {
      const token = /^Bearer (.+)$/.exec(authorization)?.[1];
      user = token ? tokens[token] : undefined;
      if (!user) {
        fail(res, 401, 'Invalid credentials in Authorization header');
        return;
      }
    }

    if (requestUrl.pathname === '/api/whoami-v2') {
      if (!user) {
        fail(res, 401, 'Invalid credentials in Authorization header');
      } else {
        send(res, 200, { type: 'user', name: user, fullname: user });
      }
      return;
    }

    const match =
      /^\/api\/models\/([^/]+)\/([^/]+)(?:\/(revision|tree|auth-check)(?:\/(.*))?)?$/.exec(
        requestUrl.pathname,
      );
    if (!match) {
      fail(res, 404, 'Sorry, we can’t find the page you are looking for.');
      return;
    }
    const [, org, name, endpoint, rest] = match;
    const model = find(
      `${decodeURIComponent(org)}/${decodeURIComponent(name)}`,
    );

    // A private model is, to those who may not read it, the same as a missing one; without
    // a token the Hub answers 401 for both (huggingface_hub _http.py).
    const visible =
      model && (!model.private || (user && model.readers?.includes(user)));
    if (!model || !visible) {
      if (user) fail(res, 404, 'Repository not found', 'RepoNotFound');
      else fail(res, 401, 'Invalid username or password.', 'RepoNotFound');
      return;
    }

    if (endpoint === 'auth-check') {
      if (model.gated && !(user && model.acceptedBy?.includes(user))) {
        const page = `${url}/${model.id}`;
        if (user) {
          fail(
            res,
            403,
            `Access to model ${model.id} is restricted and you are not in the authorized list. Visit ${page} to ask for access.`,
            'GatedRepo',
          );
        } else {
          fail(
            res,
            401,
            `Access to model ${model.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
            'GatedRepo',
          );
        }
        return;
      }
      send(res, 200, {});
      return;
    }

    // The revision: in /revision/{rev} URL-encoded as one segment; in /tree/{rev}/{path}
    // the first segment (the clients do not encode it there).
    let revision = 'main';
    let path = '';
    if (endpoint === 'revision') {
      revision = decodeURIComponent(rest ?? '');
    } else if (endpoint === 'tree') {
      const [rev, ...segments] = (rest ?? '').split('/');
      revision = decodeURIComponent(rev || 'main');
      path = segments.map(decodeURIComponent).join('/');
    }
    const known = ['main', 'HEAD', model.sha, ...(model.otherRevisions ?? [])];
    if (!known.includes(revision)) {
      fail(res, 404, `Invalid rev id: ${revision}`, 'RevisionNotFound');
      return;
    }

    if (endpoint === 'tree') {
      const recursive = requestUrl.searchParams.get('recursive') === 'true';
      const tree = treeOf(model);
      if (path && !tree.some(e => e.type === 'directory' && e.path === path)) {
        fail(
          res,
          404,
          `Entry not found: ${path} does not exist on "${revision}"`,
          'EntryNotFound',
        );
        return;
      }
      const prefix = path ? `${path}/` : '';
      const listed = tree.filter(
        e =>
          e.path.startsWith(prefix) &&
          (recursive || !e.path.slice(prefix.length).includes('/')),
      );
      const cursor = requestUrl.searchParams.get('cursor');
      const offset = cursor
        ? Number(Buffer.from(cursor, 'base64url').toString())
        : 0;
      const page = listed.slice(offset, offset + pageSize);
      const headers: Record<string, string> = {};
      if (offset + pageSize < listed.length) {
        const next = new URL(requestUrl);
        next.searchParams.set(
          'cursor',
          Buffer.from(String(offset + pageSize)).toString('base64url'),
        );
        headers.Link = `<${next.toString()}>; rel="next"`;
      }
      send(res, 200, page, headers);
      return;
    }

    const fields = modelInfoFields(model);
    const expand = requestUrl.searchParams.getAll('expand');
    send(res, 200, {
      _id: sha1(model.id).slice(0, 24),
      id: model.id,
      ...(expand.length === 0 ? { modelId: model.id } : {}),
      ...Object.fromEntries(
        (expand.length > 0 ? expand : DEFAULT_FIELDS)
          .filter(key => key in fields)
          .map(key => [key, fields[key]]),
      ),
    });
  }

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      fail(res, 500, String(error));
    }
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(options.port ?? 0, '127.0.0.1', () => res());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    requests,
    stop: () =>
      new Promise<void>(res => {
        server.closeAllConnections();
        server.close(() => res());
      }),
  };
}
