import { LoggerService } from '@backstage/backend-plugin-api';
import { TaskSecrets } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { LEFT_OUT_NAMESPACE } from './testCluster';

/** A logger keeping every line (message and metadata), to assert what users see. */
export function recordingLogger(lines: string[] = []): LoggerService & {
  lines: string[];
} {
  const record =
    (level: string) => (message: string, meta?: Error | object) => {
      lines.push(
        `${level}: ${message}${
          meta === undefined
            ? ''
            : ` ${meta instanceof Error ? meta.message : JSON.stringify(meta)}`
        }`,
      );
    };
  const logger: LoggerService & { lines: string[] } = {
    lines,
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    child: () => logger,
  };
  return logger;
}

/** How the scaffolder runs one step, beyond its input. */
export interface ActionContextOptions {
  dryRun?: boolean;
  secrets?: TaskSecrets;
  signal?: AbortSignal;
  /** Plays the task's stored checkpoints across attempts. */
  checkpoints?: Map<string, unknown>;
}

/**
 * An action context as the scaffolder builds it, with what it records: log lines and
 * outputs.
 */
export function actionContext<TInput extends object>(
  input: TInput,
  options: ActionContextOptions = {},
) {
  const logger = recordingLogger();
  const outputs: Record<string, unknown> = {};
  const base = createMockActionContext({
    input: input as any,
    logger,
    secrets: options.secrets,
  });
  const checkpoints = options.checkpoints;
  const ctx = {
    ...base,
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    isDryRun: options.dryRun ?? false,
    signal: options.signal,
    ...(checkpoints
      ? {
          async checkpoint({ key, fn }: { key: string; fn: () => unknown }) {
            if (checkpoints.has(key)) return checkpoints.get(key);
            const value = await fn();
            checkpoints.set(key, value);
            return value;
          },
        }
      : {}),
  };
  return { ctx: ctx as typeof base, logger, outputs };
}

/** Everything a user can see from a run: log lines, outputs, and the error. */
export function everythingShown(
  logger: { lines: string[] },
  outputs: Record<string, unknown>,
  error?: unknown,
): string {
  return [
    ...logger.lines,
    JSON.stringify(outputs),
    error instanceof Error
      ? `${error.message}\n${error.stack}\n${JSON.stringify(error)}`
      : String(error ?? ''),
  ].join('\n');
}

/** What one run of an action showed: its outputs, log lines, and the error it threw. */
export interface ActionRun {
  error?: Error;
  outputs: Record<string, unknown>;
  lines: string[];
}

/** Anything with a scaffolder action's handler. */
export interface RunnableAction {
  handler(ctx: any): Promise<void>;
}

/**
 * Runs an action's handler the way the scaffolder runs a step, and keeps everything each
 * run showed in `shown`, for tests that check no secret ever appears. `defaults` apply to
 * every run (the task's secrets, say); a run's own options win.
 */
export function actionRunner(
  action: () => RunnableAction,
  defaults: ActionContextOptions = {},
) {
  const shown: string[] = [];
  async function run(
    input: object,
    options: ActionContextOptions = {},
  ): Promise<ActionRun> {
    const { ctx, logger, outputs } = actionContext(input, {
      ...defaults,
      ...options,
    });
    let error: Error | undefined;
    try {
      await action().handler(ctx);
    } catch (e) {
      error = e as Error;
    }
    shown.push(everythingShown(logger, outputs, error));
    return { error, outputs, lines: logger.lines };
  }
  return { run, shown };
}

/**
 * Every action, run as an identity its cluster refuses (`local-as-developer` of a
 * {@link TestCluster}), names the ClusterRole to grant. Resolves to the error.
 */
export async function expectClusterRoleAdvice(
  run: (input: object) => Promise<ActionRun>,
  input: object,
): Promise<Error | undefined> {
  const { error } = await run({ ...input, cluster: 'local-as-developer' });
  expect(error?.name).toBe('NotAllowedError');
  expect(error?.message).toContain(
    '. Grant it the ClusterRole backstage-model-delivery in manifests/rbac/model-delivery-clusterrole.yaml',
  );
  return error;
}

/**
 * Every namespaced action, aimed at a namespace the platform did not opt in
 * ({@link LEFT_OUT_NAMESPACE}), fails with the cluster's 403 naming the namespace and the
 * Role to bind there. Resolves to the error; the caller checks nothing was left behind.
 */
export async function expectNamespaceRoleAdvice(
  run: (input: object) => Promise<ActionRun>,
  input: object,
): Promise<Error | undefined> {
  const { error } = await run({ ...input, namespace: LEFT_OUT_NAMESPACE });
  expect(error?.name).toBe('NotAllowedError');
  expect(error?.message).toContain(
    `. Namespace '${LEFT_OUT_NAMESPACE}' is not opted in for Model Delivery. A cluster admin of 'local' opts it in by binding the Role backstage-model-delivery-writer (manifests/rbac/model-delivery-namespace-role.yaml)`,
  );
  return error;
}

/**
 * Every namespaced action names a namespace that does not exist, before applying
 * anything. Resolves to the error.
 */
export async function expectMissingNamespace(
  run: (input: object) => Promise<ActionRun>,
  input: object,
): Promise<Error | undefined> {
  const { error } = await run({ ...input, namespace: 'no-such-ns' });
  expect(error?.name).toBe('PreconditionError');
  expect(error?.message).toContain(
    "- Namespace 'no-such-ns' does not exist in cluster 'local'",
  );
  return error;
}
