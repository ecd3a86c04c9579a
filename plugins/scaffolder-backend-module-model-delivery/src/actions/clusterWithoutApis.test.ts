import {
  CHAT_ASSISTANT_REF,
  actionContext,
  gemmaRgd,
  givenObjects,
  installCrd,
  optedInNamespace,
  useTestCluster,
} from '@model-delivery/test-kit';
import { ModelDeliveryActionOptions } from './actionOptions';
import { createGemmaOnTpuAction } from './gemmaOnTpu/createGemmaOnTpuAction';
import { createSecretManagerTokenAction } from './hfToken/createSecretManagerTokenAction';
import { createLocalModelCacheAction } from './localModelCache/createLocalModelCacheAction';
import { createModelDownloadAction } from './modelDownload/createModelDownloadAction';

/*
 * A cluster where the operators and drivers are not installed: no CRD at all, until a
 * test installs one. Each action must say what is missing and who installs it.
 */

jest.setTimeout(60_000);

const cluster = useTestCluster({
  controlPlane: { crds: false },
  given: () => [...optedInNamespace('ml-models')],
});

async function failureOf(
  create: (options: ModelDeliveryActionOptions) => { handler: Function },
  input: object,
): Promise<Error> {
  const { ctx } = actionContext(input);
  try {
    await create(cluster.options).handler(ctx);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the action succeeded');
}

describe('in a cluster without the APIs', () => {
  it('model-download says hf-operator is not installed', async () => {
    const error = await failureOf(createModelDownloadAction, {
      cluster: 'local',
      namespace: 'ml-models',
      name: 'chat-models',
      entityRef: CHAT_ASSISTANT_REF,
      models: [{ name: 'google/gemma-2-2b-it' }],
      storagePVC: 'model-cache',
      hfTokenRef: { name: 'hf-token', key: 'token' },
      nodePool: 'gpu',
    });

    expect(error.name).toBe('PreconditionError');
    expect(error.message).toBe(
      "Cannot apply ModelDownload ml-models/chat-models in cluster 'local'; nothing was applied:\n" +
        "- The CRD modeldownloads.hfops.kamal.dev is not installed in cluster 'local': hf-operator is not installed there; ask the cluster admin to install it (github.com/skamalj/hf-operator)",
    );
  });

  it('local-model-cache says KServe is not installed', async () => {
    const error = await failureOf(createLocalModelCacheAction, {
      cluster: 'local',
      name: 'llama',
      scope: 'cluster',
      sourceModelUri: 'hf://meta-llama/meta-llama-3-8b-instruct',
      modelSize: '20Gi',
      nodeGroups: ['gpu'],
      entityRef: CHAT_ASSISTANT_REF,
    });

    expect(error.name).toBe('PreconditionError');
    expect(error.message).toContain(
      "- The CRD localmodelcaches.serving.kserve.io is not installed in cluster 'local': KServe's local model cache is not installed there",
    );
  });

  it('hf-token:secret-manager says the Secrets Store CSI driver is not installed', async () => {
    const error = await failureOf(createSecretManagerTokenAction, {
      cluster: 'local',
      namespace: 'ml-models',
      projectId: 'ml-platform-prod',
      readSecret: 'hf-read',
      entityRef: CHAT_ASSISTANT_REF,
    });

    expect(error.name).toBe('PreconditionError');
    expect(error.message).toBe(
      "Cannot apply the SecretProviderClasses for the Hugging Face token in ml-models in cluster 'local'; nothing was applied:\n" +
        "- The CRD secretproviderclasses.secrets-store.csi.x-k8s.io is not installed in cluster 'local': the Secrets Store CSI driver is not installed there; on GKE, the cluster admin enables the Secret Manager add-on (gcloud container clusters update CLUSTER --location=LOCATION --enable-secret-manager)",
    );
  });

  describe('gemma-on-tpu', () => {
    const input = {
      cluster: 'local',
      namespace: 'ml-models',
      name: 'gemma-chat',
      entityRef: CHAT_ASSISTANT_REF,
    };

    it('says kro is not installed', async () => {
      const error = await failureOf(createGemmaOnTpuAction, input);

      expect(error.message).toContain(
        "- The CRD resourcegraphdefinitions.kro.run is not installed in cluster 'local': kro is not installed there, so the platform admin has not installed the Gemma on TPU API there",
      );
    });

    it('says when kro has not generated the GemmaOnTPUServer CRD from an Active definition', async () => {
      await installCrd(cluster.admin, 'resourcegraphdefinitions.kro.run');
      await givenObjects(cluster.admin, gemmaRgd({ state: 'Active' }));

      const error = await failureOf(createGemmaOnTpuAction, input);

      expect(error.message).toBe(
        "Cannot apply GemmaOnTPUServer ml-models/gemma-chat in cluster 'local'; nothing was applied:\n" +
          "- The CRD gemmaontpuservers.kro.run is not installed in cluster 'local': kro generates it from the Active ResourceGraphDefinition gemmaontpuserver.kro.run; the platform admin should check that kro runs and reconciled it",
      );
    });
  });
});
