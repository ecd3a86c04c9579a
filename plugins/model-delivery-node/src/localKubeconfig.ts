import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';

/** The current context of the local kubeconfig, when there is one. */
export interface LocalKubeconfigContext {
  context: string;
  server: string;
  /** The loaded kubeconfig, serialised, so each caller gets its own copy. */
  exported: string;
}

/**
 * Reads the kubeconfig `kubectl` would use (KUBECONFIG, then ~/.kube/config, then the
 * in-cluster service account), for running the portal locally or in a cluster without
 * listing any cluster in app-config.
 */
export function readLocalKubeconfig(
  logger: LoggerService,
): LocalKubeconfigContext | undefined {
  const kc = new KubeConfig();
  try {
    kc.loadFromDefault();
  } catch (error) {
    logger.warn(
      `Could not read the local kubeconfig${
        process.env.KUBECONFIG ? ` (KUBECONFIG=${process.env.KUBECONFIG})` : ''
      }: ${error instanceof Error ? error.message : error}`,
    );
    return undefined;
  }
  const context = kc.getCurrentContext();
  const cluster = kc.getCurrentCluster();
  // With no kubeconfig anywhere, loadFromDefault invents this context pointing at
  // http://localhost:8080 rather than failing; that is no cluster anyone configured.
  if (
    !context ||
    !cluster ||
    (context === 'loaded-context' && cluster.server === 'http://localhost:8080')
  ) {
    return undefined;
  }
  return { context, server: cluster.server, exported: kc.exportConfig() };
}

/** A fresh KubeConfig from {@link readLocalKubeconfig}'s result. */
export function localKubeConfig(local: LocalKubeconfigContext): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(local.exported);
  return kc;
}
