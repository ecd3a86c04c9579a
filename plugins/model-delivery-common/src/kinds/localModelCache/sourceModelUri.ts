import { checkHuggingFaceRepoId } from '../../validation/huggingFace';
import { ValidationIssue } from '../../validation/issues';

/**
 * The URI forms KServe's default storage initializer downloads from (its
 * ClusterStorageContainer `supportedUriFormats`): object stores, HDFS, the Hugging Face Hub
 * and plain HTTP(S).
 */
const SCHEMES = ['hf', 's3', 'gs', 'hdfs', 'webhdfs', 'https', 'http'] as const;
const BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const REVISION = /^[A-Za-z0-9._-]{1,128}$/;

/** @public */
export function checkSourceModelUri(
  field: string,
  value: unknown,
): ValidationIssue[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [
      {
        field,
        message:
          'a model URI is required, e.g. hf://meta-llama/meta-llama-3-8b-instruct',
      },
    ];
  }
  const match = /^([a-z][a-z0-9]*):\/\/(.*)$/.exec(value);
  const scheme = match?.[1] as (typeof SCHEMES)[number] | undefined;
  if (!match || !scheme || !SCHEMES.includes(scheme)) {
    return [
      {
        field,
        message: `'${value}' is not a URI KServe's storage initializer downloads from: use ${SCHEMES.map(
          s => `${s}://`,
        ).join(', ')}`,
      },
    ];
  }
  const rest = match[2];
  if (scheme === 'hf') {
    // KServe reads hf://<org>/<model>[:<revision>], exactly one '/'.
    const [repo, revision, ...extra] = rest.split(':');
    if (repo.split('/').length !== 2) {
      return [
        {
          field,
          message: `'${value}' must name a model as hf://<organisation>/<model>`,
        },
      ];
    }
    const repoIssues = checkHuggingFaceRepoId(field, repo);
    if (repoIssues.length > 0) return repoIssues;
    if (
      extra.length > 0 ||
      (revision !== undefined && !REVISION.test(revision))
    ) {
      return [
        { field, message: `'${value}' has an invalid revision after ':'` },
      ];
    }
    return [];
  }
  const [host, ...path] = rest.split('/');
  if ((scheme === 's3' || scheme === 'gs') && !BUCKET.test(host)) {
    return [
      { field, message: `'${host}' in '${value}' is not a valid bucket name` },
    ];
  }
  if (!host || path.join('/').length === 0) {
    return [
      {
        field,
        message: `'${value}' needs a path after the ${
          scheme === 'http' || scheme === 'https' ? 'host' : 'bucket'
        }`,
      },
    ];
  }
  if (path.includes('..')) {
    return [{ field, message: `'${value}' must not contain '..'` }];
  }
  return [];
}
