import { Condition, KubeObject } from '../../kubernetesObjects';
import { ResourceType } from '../definition';

/** @public */
export const GEMMA_API_VERSION = 'kro.run/v1alpha1';

/** The ResourceGraphDefinition that generates the GemmaOnTPUServer API. @public */
export const GEMMA_RGD_NAME = 'gemmaontpuserver.kro.run';

/** kro's own API, which the Gemma API is generated from. @public */
export const RESOURCE_GRAPH_DEFINITIONS: ResourceType = {
  apiVersion: 'kro.run/v1alpha1',
  kind: 'ResourceGraphDefinition',
  plural: 'resourcegraphdefinitions',
  namespaced: false,
};

/**
 * kro's instance states. `FAILED` is deprecated and never set by current kro, but old
 * instances may still carry it.
 *
 * @public
 */
export type KroInstanceState =
  | 'IN_PROGRESS'
  | 'ACTIVE'
  | 'ERROR'
  | 'DELETING'
  | 'FAILED';

/**
 * The end-user spec. Note the spelling `kaggleSecret`: kro's example instance misspells it
 * `kaggelSecret`, which the API server drops silently, falling back to the default.
 *
 * @public
 */
export interface GemmaOnTPUServerSpec {
  replicas?: number;
  kaggleSecret?: string;
}

/** @public */
export interface GemmaOnTPUServer extends KubeObject {
  apiVersion: typeof GEMMA_API_VERSION;
  kind: 'GemmaOnTPUServer';
  spec?: GemmaOnTPUServerSpec;
  status?: {
    state?: KroInstanceState | string;
    conditions?: Condition[];
    [key: string]: unknown;
  };
}

/** What the "Deploy Gemma on TPU" template collects. @public */
export interface GemmaOnTPUServerInput {
  name: string;
  namespace: string;
  replicas?: number;
  kaggleSecret?: string;
}

/**
 * The Kaggle checkpoint every instance serves: the RGD's loader Job converts it
 * (`-m=google/gemma/maxtext/7b-it/2` in the node package's manifests/kro/gemma-on-tpu-rgd.yaml); the instance's
 * spec has no field to choose another.
 *
 * @public
 */
export const GEMMA_CHECKPOINT_HANDLE = 'google/gemma/maxtext/7b-it/2';

/** kro's ResourceGraphDefinition, the parts the suite reads. @public */
export interface ResourceGraphDefinition extends KubeObject {
  spec?: { schema?: { apiVersion?: string; kind?: string } };
  status?: { state?: 'Active' | 'Inactive' | string; conditions?: Condition[] };
}
