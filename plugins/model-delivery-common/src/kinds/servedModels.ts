import { storageUriModel, withoutCredentials } from '../models/modelIdentity';
import { ServedModel } from '../models/modelServers';
import { StatusContext } from './definition';

/**
 * A server's base URL as the operator reports it, without user info, query or fragment
 * (where a credential could be), and with `path` appended (`/v1`, the OpenAI API's root).
 * Undefined when the operator reports none.
 *
 * @public
 */
export function serverUrl(
  reported: string | undefined,
  path = '',
): string | undefined {
  if (typeof reported !== 'string' || !reported.trim()) return undefined;
  return `${withoutCredentials(reported.trim()).replace(/\/+$/, '')}${path}`;
}

/** `pvc://<claim>/<path>`, KServe's URI of a path in a PersistentVolumeClaim. */
function parsePvcUri(uri: string): { claim: string; path: string } | undefined {
  const match = /^pvc:\/\/([^/]+)\/?(.*)$/.exec(uri);
  return match
    ? { claim: match[1], path: match[2].replace(/\/+$/, '') }
    : undefined;
}

/**
 * The model a server loads from `uri`, with the id downloads and caches of it have:
 * `hf://org/name` is the Hub repo `org/name`; `pvc://<claim>/<path>` is the model a
 * resource of the server's namespace holds at that path of that claim (a ModelDownload's
 * `<claim>/<org>/<name>`, or a folder inside it), looked up through the context; any other
 * URI is its own id. Credentials a URI may carry never reach the result.
 *
 * @public
 */
export function servedModel(
  rawUri: string,
  where: {
    namespace?: string;
    context: Pick<StatusContext, 'modelsInClaim'>;
    servedName?: string;
    from?: string;
  },
): ServedModel {
  const uri = withoutCredentials(rawUri.trim());
  const named = {
    ...(where.servedName ? { servedName: where.servedName } : {}),
  };
  const pvc = parsePvcUri(uri);
  if (pvc) {
    const holders = where.namespace
      ? where.context.modelsInClaim?.(where.namespace, pvc.claim) ?? []
      : [];
    const found = holders.find(
      ({ model }) =>
        model.pvc &&
        (pvc.path === model.pvc.path ||
          pvc.path.startsWith(`${model.pvc.path}/`)),
    );
    return {
      uri,
      ...(found ? { modelId: found.model.modelId } : {}),
      ...named,
      from:
        where.from ??
        (found
          ? `PVC ${pvc.claim}, downloaded by ${found.heldBy.kind} ${found.heldBy.name}`
          : `PVC ${pvc.claim}`),
    };
  }
  return {
    uri,
    modelId: storageUriModel(uri).modelId,
    ...named,
    ...(where.from ? { from: where.from } : {}),
  };
}
