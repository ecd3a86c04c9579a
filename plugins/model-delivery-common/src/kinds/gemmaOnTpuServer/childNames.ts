/**
 * Names of what the suite's Gemma RGD (the node package's manifests/kro/gemma-on-tpu-rgd.yaml) creates for an
 * instance. Validation bounds the instance name by them; status finds the loader Job by them.
 *
 * @public
 */
export function gemmaChildNames(instance: string) {
  return {
    /** Config Connector IAMServiceAccount; its name is the GCP account id (6 to 30 characters). */
    iamServiceAccount: `${instance}-gemma`,
    /** Converts the Kaggle checkpoint into the bucket; the instance is IN_PROGRESS until it completes. */
    loaderJob: `${instance}-loader`,
    deployment: instance,
    service: instance,
    serviceAccount: instance,
  };
}

/** Kaggle credentials Secret keys, as the Kaggle CLI expects them. @public */
export const KAGGLE_SECRET_KEYS = ['username', 'key'] as const;

/** @public */
export const DEFAULT_KAGGLE_SECRET = 'kaggle-credentials';
