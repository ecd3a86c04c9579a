/**
 * Generators of edge-favouring inputs for the suite's validation rules, and server-side
 * dry runs that ask a real API server for its own verdict on them. Imported as
 * `@model-delivery/test-kit/validation`: this entry needs nothing but fast-check and the
 * local control plane, so the common package's tests can use it too.
 */
export * from './arbitraries';
export * from './dryRunVerdicts';
export * from './credentials';
