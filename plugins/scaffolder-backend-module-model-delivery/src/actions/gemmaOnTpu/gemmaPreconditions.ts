import { KubernetesObject } from '@kubernetes/client-node';
import {
  GEMMA_RGD_NAME,
  RESOURCE_GRAPH_DEFINITIONS,
  ResourceGraphDefinition,
  crdOf,
  gemmaOnTPUServerKind,
} from '@model-delivery/plugin-model-delivery-common';
import { ClusterConnection } from '../../cluster/clusterConnection';
import { crdProblem } from '../../preconditions/clusterPreconditions';

/** The suite's RGD, as a portal that installed the suite has it (the node package ships it). */
const RGD_MANIFEST =
  'node_modules/@model-delivery/plugin-model-delivery-node/manifests/kro/gemma-on-tpu-rgd.yaml';

const INSTALL_ADVICE = `the platform admin has not installed the Gemma on TPU API there: they install it once with \`kubectl apply -f ${RGD_MANIFEST}\` (its header lists what it needs: kro and Config Connector) and check that \`kubectl get rgd ${GEMMA_RGD_NAME}\` shows Active`;

/**
 * What a GemmaOnTPUServer needs before kro can act on it: kro itself, the suite's
 * ResourceGraphDefinition in state Active, and the CRD kro generates from it, served.
 */
export async function gemmaApiProblems(
  connection: ClusterConnection,
): Promise<string[]> {
  const kro = await crdProblem(
    connection,
    crdOf(RESOURCE_GRAPH_DEFINITIONS),
    `kro is not installed there, so ${INSTALL_ADVICE}`,
  );
  if (kro) return [kro];

  const rgd = await connection.readIfExists<
    ResourceGraphDefinition & KubernetesObject
  >(
    { action: 'get', resource: `ResourceGraphDefinition ${GEMMA_RGD_NAME}` },
    () =>
      connection.objects.read({
        apiVersion: RESOURCE_GRAPH_DEFINITIONS.apiVersion,
        kind: RESOURCE_GRAPH_DEFINITIONS.kind,
        metadata: { name: GEMMA_RGD_NAME },
      }),
  );
  if (!rgd) {
    return [
      `The ResourceGraphDefinition ${GEMMA_RGD_NAME} does not exist in cluster '${connection.name}': ${INSTALL_ADVICE}`,
    ];
  }
  const state = rgd.status?.state;
  if (state !== 'Active') {
    const explained = (rgd.status?.conditions ?? [])
      .filter(c => c.status !== 'True')
      .map(c => [c.type, c.reason, c.message].filter(Boolean).join(': '));
    return [
      `The ResourceGraphDefinition ${GEMMA_RGD_NAME} in cluster '${
        connection.name
      }' is ${state ? `'${state}'` : 'not reconciled by kro yet'}, not Active${
        explained.length > 0 ? ` (${explained.join('; ')})` : ''
      }: kro serves GemmaOnTPUServer only from an Active definition; the platform admin should look at \`kubectl get rgd ${GEMMA_RGD_NAME} -o yaml\` and fix what its conditions say`,
    ];
  }

  const generated = await crdProblem(
    connection,
    crdOf(gemmaOnTPUServerKind.resource),
    `kro generates it from the Active ResourceGraphDefinition ${GEMMA_RGD_NAME}; the platform admin should check that kro runs and reconciled it`,
  );
  return generated ? [generated] : [];
}
