import { LoggerService } from '@backstage/backend-plugin-api';

/** A logger keeping each line as `level: message`, for a plan's answer. */
export function recordingLogger(): LoggerService & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => {
    lines.push(`${level}: ${message}`);
  };
  const logger: LoggerService & { lines: string[] } = {
    lines,
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: () => {},
    child: () => logger,
  };
  return logger;
}
