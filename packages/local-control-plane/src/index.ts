/**
 * A real Kubernetes control plane (etcd + kube-apiserver) on loopback, for the suite's
 * tests and for the local portal.
 *
 * @packageDocumentation
 */
export { CONTROLLERS, freePort, startControlPlane } from './controlPlane';
export { clusterWideSecretReadsByUser, readAuditLog } from './audit';
export type { AuditedRequest, ListsAndWatches } from './audit';
export {
  POD_SCRIPT_LABEL,
  POD_SCRIPT_NAMESPACE,
  STAND_IN_NODE,
  jobSettled,
  podScript,
  podScriptName,
  podsOfJob,
} from './standInKubelet';
export type { PodScript, StandInKubelet } from './standInKubelet';
export { watchObjects } from './watchObjects';
export type { ObjectWatch } from './watchObjects';
export {
  hfOperatorJobNameFor,
  hfOperatorSanitize,
  hfOperatorSpecHash,
  playHfOperatorReconciles,
  reconcileModelDownloadOnce,
  startStandInHfOperator,
} from './standInHfOperator';
export type {
  HfOperatorAction,
  HfOperatorTimings,
  StandInHfOperator,
} from './standInHfOperator';
export { startFakeKubelet } from './fakeKubelet';
export type { FakeKubelet } from './fakeKubelet';
export { startFakeHuggingFaceHub } from './fakeHuggingFaceHub';
export type {
  FakeHuggingFaceHub,
  FakeHuggingFaceHubOptions,
} from './fakeHuggingFaceHub';
export {
  FAKE_HUB_ACCEPTED_TOKEN,
  FAKE_HUB_MODELS,
  FAKE_HUB_SAMPLE_TOKEN,
  FAKE_HUB_TOKENS,
  fakeHubModel,
  fakeHubModelBytes,
} from './fakeHuggingFaceHubModels';
export type { FakeHubFile, FakeHubModel } from './fakeHuggingFaceHubModels';
export type { CertificateAndKey } from './kubeletTls';
export { clusterConfig, kubernetesConfig } from './kubernetesConfig';
export type { ControlPlane, StartControlPlaneOptions } from './controlPlane';
export { resolveBinaries } from './binaries';
export type { ControlPlaneBinaries } from './binaries';
export { IDENTITIES } from './identities';
export type { Identity } from './identities';
export {
  applyManifests,
  applyManifestFiles,
  installCrds,
  objectPath,
  patchStatus,
  rawRequest,
  readManifests,
} from './manifests';
export type { Manifest } from './manifests';
export { namespaceOptIn, optInNamespaces } from './optIn';
