import { ApiHolder } from '@backstage/core-plugin-api';
import { modelDeliveryApiRef } from '../../api';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import {
  validateCluster,
  validateNamespace,
  validateNodeGroups,
  validatePersistentVolumeClaim,
  validateSecretKey,
  validateText,
} from './fieldValidators';

/** Runs a field's validator as the scaffolder does on "Next", returning its errors. */
async function errorsOf<T>(
  validator: (...args: any[]) => void | Promise<void>,
  value: T,
  options: Record<string, unknown>,
  formData: Record<string, unknown>,
  api = mockModelDeliveryApi(),
): Promise<string[]> {
  const errors: string[] = [];
  await validator(
    value,
    { addError: (message: string) => errors.push(message), __errors: [] },
    {
      apiHolder: {
        get: (ref: { id: string }) =>
          ref.id === modelDeliveryApiRef.id ? api : undefined,
      } as ApiHolder,
      formData,
      schema: {},
      uiSchema: { 'ui:options': options },
    },
  );
  return errors;
}

describe('validateText', () => {
  it("refuses a Gemma server name with the action's own rule, on the name only", async () => {
    const name = 'Gemma_Server-with-a-very-long-name';
    await expect(
      errorsOf(
        validateText,
        name,
        { validateAs: 'GemmaOnTPUServer', input: 'name' },
        // The later steps are not filled in yet: their rules are not this field's.
        { cluster: 'local', namespace: 'gemma', name },
      ),
    ).resolves.toEqual([
      expect.stringMatching(/^name: .*'Gemma_Server-with-a-very-long-name'/),
    ]);
    await expect(
      errorsOf(
        validateText,
        'gemma-a',
        { validateAs: 'GemmaOnTPUServer', input: 'name' },
        { cluster: 'local', namespace: 'gemma', name: 'gemma-a' },
      ),
    ).resolves.toEqual([]);
  });

  it('says when a template names no such action', async () => {
    await expect(
      errorsOf(validateText, 'x', { validateAs: 'Nope', input: 'name' }, {}),
    ).resolves.toEqual([
      "name: ui:options.validateAs 'Nope' is not one of ModelDownload, GemmaOnTPUServer, LocalModelCache, HuggingFaceTokenSecretManager",
    ]);
  });
});

describe('validateCluster', () => {
  const api = () => {
    const mock = mockModelDeliveryApi();
    mock.formClusters.mockResolvedValue({
      items: [
        { name: 'local', reachable: true, servedKinds: ['ModelDownload'] },
        { name: 'tpu', reachable: true, servedKinds: ['GemmaOnTPUServer'] },
      ],
    });
    return mock;
  };

  it('refuses a cluster not configured, or not serving the required kind', async () => {
    await expect(
      errorsOf(validateCluster, 'locl', {}, {}, api()),
    ).resolves.toEqual([
      "cluster: 'locl' is not a configured cluster; choose one of local, tpu",
    ]);
    await expect(
      errorsOf(
        validateCluster,
        'tpu',
        { requiredKind: 'ModelDownload' },
        {},
        api(),
      ),
    ).resolves.toEqual([
      'cluster: tpu does not serve ModelDownload (its CRD is not installed there)',
    ]);
    await expect(
      errorsOf(
        validateCluster,
        'local',
        { requiredKind: 'ModelDownload' },
        {},
        api(),
      ),
    ).resolves.toEqual([]);
  });
});

describe('validateNamespace', () => {
  it('refuses a name Kubernetes would not take, and one the cluster does not have', async () => {
    const api = mockModelDeliveryApi();
    api.formNamespaces.mockResolvedValue({
      cluster: 'local',
      items: [{ name: 'ml-models' }],
    });
    await expect(
      errorsOf(
        validateNamespace,
        'ML_Models',
        { validateAs: 'ModelDownload', input: 'namespace' },
        { cluster: 'local' },
        api,
      ),
    ).resolves.toEqual([expect.stringMatching(/^namespace: /)]);
    await expect(
      errorsOf(validateNamespace, 'ml-modls', {}, { cluster: 'local' }, api),
    ).resolves.toEqual([
      "namespace: there is no namespace 'ml-modls' in cluster local; choose one of ml-models",
    ]);
  });

  it("offers the user's namespaces, for the owner chosen, and says why another team's is refused", async () => {
    const api = mockModelDeliveryApi();
    api.formNamespaces.mockResolvedValue({
      cluster: 'local',
      items: [{ name: 'team-a', owner: 'group:default/team-a' }],
    });
    const refusal =
      "You may not act in namespace 'team-b' of cluster 'local' for component:default/a: the portal's permission policy does not grant you model-delivery.namespace.write there. Use a namespace your team may use, or ask the namespace's owner or the platform team. It belongs to group:default/team-b (its backstage.io/owner annotation).";
    api.formNamespaceAccess.mockResolvedValue({
      cluster: 'local',
      namespace: 'team-b',
      exists: true,
      allowed: false,
      owner: 'group:default/team-b',
      message: refusal,
    });
    const form = { cluster: 'local', entityRef: 'component:default/a' };

    await expect(
      errorsOf(validateNamespace, 'team-b', {}, form, api),
    ).resolves.toEqual([`namespace: ${refusal}`]);
    expect(api.formNamespaces).toHaveBeenCalledWith(
      'local',
      'component:default/a',
    );
    expect(api.formNamespaceAccess).toHaveBeenCalledWith(
      'local',
      'team-b',
      'component:default/a',
    );
    await expect(
      errorsOf(validateNamespace, 'team-a', {}, form, api),
    ).resolves.toEqual([]);
  });

  it('accepts a namespace the list missed when the user may act there after all', async () => {
    const api = mockModelDeliveryApi();
    // Created since the list was read.
    api.formNamespaces.mockResolvedValue({ cluster: 'local', items: [] });
    api.formNamespaceAccess.mockResolvedValue({
      cluster: 'local',
      namespace: 'new-one',
      exists: true,
      allowed: true,
    });
    await expect(
      errorsOf(validateNamespace, 'new-one', {}, { cluster: 'local' }, api),
    ).resolves.toEqual([]);
  });

  it('leaves the decision to the action when the cluster cannot be read', async () => {
    const api = mockModelDeliveryApi();
    api.formNamespaces.mockResolvedValue({
      cluster: 'local',
      items: [],
      problem: { reason: 'forbidden', message: 'no' },
    });
    await expect(
      errorsOf(validateNamespace, 'ml-models', {}, { cluster: 'local' }, api),
    ).resolves.toEqual([]);
  });
});

describe('validatePersistentVolumeClaim', () => {
  it('refuses a PVC the namespace does not have', async () => {
    const api = mockModelDeliveryApi();
    api.formPersistentVolumeClaims.mockResolvedValue({
      cluster: 'local',
      namespace: 'ml-models',
      items: [
        { name: 'model-store', accessModes: ['ReadWriteOnce'], phase: 'Bound' },
      ],
    });
    await expect(
      errorsOf(
        validatePersistentVolumeClaim,
        'model-stor',
        { input: 'storagePVC' },
        { cluster: 'local', namespace: 'ml-models' },
        api,
      ),
    ).resolves.toEqual([
      "storagePVC: there is no PersistentVolumeClaim 'model-stor' in namespace ml-models of cluster local; choose one of model-store",
    ]);
  });
});

describe('validateSecretKey', () => {
  it("checks the name and key with the action's rules", async () => {
    await expect(
      errorsOf(
        validateSecretKey,
        { name: 'hf-token', key: 'bad key' },
        { validateAs: 'ModelDownload', input: 'hfTokenRef' },
        { name: 'x', namespace: 'ml-models' },
      ),
    ).resolves.toEqual([expect.stringMatching(/^hfTokenRef\.key: /)]);
  });
});

describe('validateNodeGroups', () => {
  it('refuses a node group the cluster does not have, on its own entry', async () => {
    const api = mockModelDeliveryApi();
    api.formNodeGroups.mockResolvedValue({
      cluster: 'local',
      items: [{ name: 'gpu-a' }],
    });
    await expect(
      errorsOf(
        validateNodeGroups,
        ['gpu-a', 'gpu-z'],
        { validateAs: 'LocalModelCache', input: 'nodeGroups' },
        { cluster: 'local', name: 'c', scope: 'cluster' },
        api,
      ),
    ).resolves.toEqual([
      "nodeGroups[1]: there is no LocalModelNodeGroup 'gpu-z' in cluster local; choose one of gpu-a",
    ]);
  });
});
