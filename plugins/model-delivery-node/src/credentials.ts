import { ServiceUnavailableError } from '@backstage/errors';
import {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { KubeConfig, User } from '@kubernetes/client-node';
import { withCause } from './kubernetesErrors';

/**
 * How long a credential is reused before the strategy is asked again. Short enough for
 * the shortest-lived stock credential (EKS tokens expire after 15 minutes), long enough
 * that a busy informer does not call AWS STS or Azure AD on every request.
 */
export const DEFAULT_CREDENTIAL_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * One cluster's credential, obtained from its stock authentication strategy and
 * obtained again once it is older than `maxAgeMs`. Shared by every KubeConfig handed
 * out for the cluster, so they rotate together.
 */
export class ClusterCredential {
  private cached?: { credential: KubernetesCredential; obtainedAt: number };
  private pending?: Promise<KubernetesCredential>;

  constructor(
    private readonly cluster: ClusterDetails,
    private readonly authProvider: string,
    private readonly strategy: AuthenticationStrategy,
    private readonly maxAgeMs: number = DEFAULT_CREDENTIAL_MAX_AGE_MS,
  ) {}

  async get(): Promise<KubernetesCredential> {
    if (this.cached && Date.now() - this.cached.obtainedAt < this.maxAgeMs) {
      return this.cached.credential;
    }
    // Requests that arrive while a refresh is under way wait for it rather than each
    // asking the provider.
    this.pending ??= this.obtain().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async obtain(): Promise<KubernetesCredential> {
    try {
      // The empty request auth: server-side strategies ignore it, and there is no user.
      const credential = await this.strategy.getCredential(this.cluster, {});
      this.cached = { credential, obtainedAt: Date.now() };
      return credential;
    } catch (error) {
      throw withCause(
        new ServiceUnavailableError(
          `Could not obtain credentials for cluster '${
            this.cluster.name
          }' from authProvider '${this.authProvider}': ${errorMessage(error)}`,
        ),
        error,
      );
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The only user of the KubeConfigs built here; its credential is applied by {@link CredentialAuthenticator}. */
const USER_NAME = 'model-delivery';

type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];
type RequestOptions = Parameters<Authenticator['applyAuthentication']>[1];

/**
 * Applies the cluster's current credential to each request.
 *
 * An authenticator rather than a KubeConfig subclass: client-node 1.4 reaches
 * authenticators from all three of its request paths (`applySecurityAuthentication`
 * for clients from `makeApiClient`, `applyToFetchOptions` for `Watch` and informers,
 * `applyToHTTPSOptions` for exec / attach / port-forward), and applies them before it
 * builds the request's agent, so a client certificate set here reaches the TLS
 * handshake as well.
 */
class CredentialAuthenticator implements Authenticator {
  constructor(private readonly credential: ClusterCredential) {}

  isAuthProvider(user: User): boolean {
    return user.name === USER_NAME;
  }

  async applyAuthentication(_user: User, opts: RequestOptions): Promise<void> {
    const credential = await this.credential.get();
    if (credential.type === 'bearer token') {
      opts.headers = {
        ...opts.headers,
        Authorization: `Bearer ${credential.token}`,
      };
    } else if (credential.type === 'x509 client certificate') {
      opts.cert = credential.cert;
      opts.key = credential.key;
    }
  }
}

/**
 * A KubeConfig for one configured cluster, whose requests carry the cluster's
 * credential as of the moment they are sent.
 */
export function refreshingKubeConfig(
  cluster: ClusterDetails,
  credential: ClusterCredential,
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        caFile: cluster.caFile,
        // client-node refuses plain http unless TLS verification is off; there is
        // nothing to verify on http (kubectl proxy), so this only lets it through.
        skipTLSVerify:
          Boolean(cluster.skipTLSVerify) || cluster.url.startsWith('http:'),
      },
    ],
    users: [{ name: USER_NAME }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: USER_NAME }],
    currentContext: cluster.name,
  });
  kc.addAuthenticator(new CredentialAuthenticator(credential));
  return kc;
}
