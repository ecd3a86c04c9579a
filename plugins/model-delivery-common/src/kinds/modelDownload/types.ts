import { KubeObject } from '../../kubernetesObjects';

/** @public */
export const MODEL_DOWNLOAD_API_VERSION = 'hfops.kamal.dev/v1alpha1';

/**
 * One model of a ModelDownload. hf-operator downloads the model's default branch once:
 * `sha` and `retryCount` are only recorded (they feed its spec hash); see
 * `modelFieldWarnings`.
 *
 * @public
 */
export interface ModelDownloadModel {
  /** Hugging Face repo id, `org/name`. */
  name: string;
  /** Recorded in the spec only: not the revision downloaded. */
  sha?: string;
  /** Recorded in the spec only: the download runs once. */
  retryCount?: number;
}

/**
 * hf-operator's settings. `cpu` / `memory` are request AND limit (defaults "1" / "4Gi");
 * `keepAliveSeconds` becomes the Job's ttlSecondsAfterFinished (default 3600);
 * `forceReload` recreates every Job on every reconcile until unset; `timeoutMillis` has no
 * runtime effect (spec hash only); `enableHFTransfer` sets HF_HUB_ENABLE_HF_TRANSFER for
 * v0.1.1's `hf download`, and is ignored by its main branch's git-lfs download. Every
 * setting feeds the spec hash: changing any recreates every Job.
 *
 * @public
 */
export interface ModelDownloadSettings {
  timeoutMillis?: number;
  enableHFTransfer?: boolean;
  keepAliveSeconds?: number;
  cpu?: string;
  memory?: string;
  forceReload?: boolean;
}

/** @public */
export interface ModelDownloadSpec {
  models: ModelDownloadModel[];
  storagePVC: string;
  hfTokenRef: { name: string; key: string };
  nodePool?: string;
  settings?: ModelDownloadSettings;
}

/**
 * hf-operator's status. The lists are raw model names and are never cleared: a model enters
 * `pending` when its Job is created and stays there after it completes.
 *
 * @public
 */
export interface ModelDownloadStatusLists {
  pending?: string[];
  completed?: string[];
  failed?: string[];
}

/** @public */
export interface ModelDownload extends KubeObject {
  apiVersion: typeof MODEL_DOWNLOAD_API_VERSION;
  kind: 'ModelDownload';
  spec: ModelDownloadSpec;
  status?: ModelDownloadStatusLists;
}

/**
 * What a template collects to create a ModelDownload: where it goes, and its spec.
 *
 * @public
 */
export interface ModelDownloadInput extends ModelDownloadSpec {
  name: string;
  namespace: string;
}
