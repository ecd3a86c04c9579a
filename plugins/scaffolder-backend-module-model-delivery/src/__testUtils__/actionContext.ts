import { LoggerService } from '@backstage/backend-plugin-api';
import { TaskSecrets } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

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

/**
 * An action context as the scaffolder builds it, with what it records: log lines and
 * outputs. `checkpoints` plays the task's stored checkpoints across attempts.
 */
export function actionContext<TInput extends object>(
  input: TInput,
  options: {
    dryRun?: boolean;
    secrets?: TaskSecrets;
    signal?: AbortSignal;
    checkpoints?: Map<string, unknown>;
  } = {},
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
