/**
 * Model Delivery's shared definitions: each resource kind defined once (types, input
 * validation, derived names, status derivation), plus permissions, annotations and the
 * status API's types. No I/O.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './api';
export * from './diagnosticsApi';
export * from './entitySelector';
export * from './entityTab';
export * from './formsApi';
export * from './huggingFace';
export * from './kinds';
export * from './kubernetesObjects';
export * from './labelSelector';
export * from './models';
export * from './namespaceTarget';
export * from './permissions';
export * from './status';
export * from './validation/issues';
export * from './validation/kubernetesNames';
export * from './validation/quantity';
export * from './validation/huggingFace';
export * from './wiring/huggingFaceSecretManager';
