import { ValidationIssue } from '../../validation/issues';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkSecretKey,
} from '../../validation/kubernetesNames';
import { checkQuantity } from '../../validation/quantity';
import { checkSourceModelUri } from './sourceModelUri';

type Loose = Record<string, unknown>;

const SECRET_LOOKING_KEY =
  /token|secret|password|passwd|credential|private|access[_-]?key|api[_-]?key/i;

function checkCredentials(value: unknown): ValidationIssue[] {
  if (value === undefined || value === null) return [];
  const c = value as Loose;
  switch (c.method) {
    case 'none':
      return [];
    case 'serviceAccount':
      return checkDnsSubdomain(
        'credentials.serviceAccountName',
        c.serviceAccountName,
        'service account name',
      );
    case 'storageKey':
      // A key of KServe's storage-config Secret, so Kubernetes' rule for Secret keys.
      return checkSecretKey('credentials.storageKey', c.storageKey);
    case 'storageParameters': {
      const params = c.storageParameters;
      if (
        !params ||
        typeof params !== 'object' ||
        Object.keys(params).length === 0
      ) {
        return [
          {
            field: 'credentials.storageParameters',
            message: 'at least one parameter is required, e.g. type: hf',
          },
        ];
      }
      return Object.entries(params as Loose).flatMap(([k, v]) => {
        const field = `credentials.storageParameters.${k}`;
        if (typeof v !== 'string')
          return [{ field, message: 'must be a string' }];
        // Parameters land in the resource's spec, readable by anyone who can read it.
        if (SECRET_LOOKING_KEY.test(k)) {
          return [
            {
              field,
              message:
                'looks like a credential; parameters are stored in plain sight in the resource spec. Put it in the storage-config Secret and use a storage key instead',
            },
          ];
        }
        return [];
      });
    }
    default:
      return [
        {
          field: 'credentials.method',
          message: `'${String(
            c.method,
          )}' is not one of none, serviceAccount, storageKey, storageParameters`,
        },
      ];
  }
}

/**
 * Rules for a LocalModelCache or LocalModelNamespaceCache. The name is also the label KServe
 * puts on its download Jobs (`model=<name>`), so it must fit a label value (63).
 *
 * @public
 */
export function validateLocalModelCacheInput(
  input: unknown,
): ValidationIssue[] {
  const v = (input ?? {}) as Loose;
  const issues: ValidationIssue[] = [
    ...checkDnsLabel('name', v.name, 'cache name'),
  ];
  if (v.scope !== 'cluster' && v.scope !== 'namespace') {
    issues.push({
      field: 'scope',
      message:
        "must be 'cluster' (LocalModelCache) or 'namespace' (LocalModelNamespaceCache)",
    });
  } else if (v.scope === 'namespace') {
    issues.push(...checkDnsLabel('namespace', v.namespace, 'namespace'));
  }
  issues.push(...checkSourceModelUri('sourceModelUri', v.sourceModelUri));
  issues.push(...checkQuantity('modelSize', v.modelSize, 'model size', '10Gi'));
  const groups = v.nodeGroups;
  if (!Array.isArray(groups) || groups.length === 0) {
    issues.push({
      field: 'nodeGroups',
      message: 'at least one LocalModelNodeGroup is required',
    });
  } else {
    groups.forEach((g, i) => {
      issues.push(
        ...checkDnsSubdomain(`nodeGroups[${i}]`, g, 'node group name'),
      );
      if (groups.indexOf(g) !== i) {
        issues.push({
          field: `nodeGroups[${i}]`,
          message: `'${g}' is listed twice`,
        });
      }
    });
  }
  issues.push(...checkCredentials(v.credentials));
  return issues;
}
