import {
  LoggerService,
  RootLoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/** One line a logger wrote, with every field of its child loggers. */
export interface LoggedLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  fields: Record<string, unknown>;
}

/**
 * The backend's root logger, keeping every line. Backstage's real auditor service
 * (`@backstage/backend-defaults/auditor`, which `startTestBackend` uses) writes its events
 * through the plugin's logger with `isAuditEvent: true`, so the lines kept here are the
 * audit log an adopter's log pipeline would receive.
 */
export function recordingRootLogger() {
  const lines: LoggedLine[] = [];
  const make = (fields: Record<string, unknown>): RootLoggerService => {
    const write =
      (level: LoggedLine['level']) => (message: string, meta?: unknown) => {
        const extra =
          meta instanceof Error
            ? { error: meta.message }
            : (meta as Record<string, unknown> | undefined) ?? {};
        lines.push({ level, message, fields: { ...fields, ...extra } });
      };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: (meta): LoggerService => make({ ...fields, ...meta }),
    };
  };
  const logger = make({});
  return {
    lines,
    /** The audit events written so far, as `<plugin>.<eventId>` lines. */
    auditEvents: () => lines.filter(line => line.fields.isAuditEvent === true),
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => logger,
    }),
  };
}
