import { spawn } from 'node:child_process';

/** A failure whose message says what broke, for a person reading the CI log. */
export class AdoptionError extends Error {
  constructor(message: string, readonly output?: string) {
    super(message);
    this.name = 'AdoptionError';
  }
}

/**
 * The environment the fresh portal's commands get: this process's, without what yarn puts
 * in it when it runs a script of the repository (`npm_*`, `PROJECT_CWD`, `BERRY_BIN_FOLDER`):
 * the portal is a project of its own and must not see the repository's.
 */
export function portalEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && key !== 'npm_config_nodedir') continue;
    if (['PROJECT_CWD', 'INIT_CWD', 'BERRY_BIN_FOLDER'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface RunOptions {
  cwd: string;
  /** What the command does, in the words of the failure message. */
  what: string;
  env?: NodeJS.ProcessEnv;
}

/** Lines of a failed command's output shown in the failure. */
const TAIL_LINES = 80;

/**
 * Runs a command to its end, keeping its output; a non-zero exit fails with `what` and the
 * output's last lines.
 */
export function run(
  command: string,
  args: string[],
  options: RunOptions,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? portalEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', d => chunks.push(d));
    child.stderr.on('data', d => chunks.push(d));
    child.on('error', e =>
      reject(new AdoptionError(`${options.what}: ${e.message}`)),
    );
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      if (code === 0) {
        resolve(output);
        return;
      }
      const tail = output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
      reject(
        new AdoptionError(
          `${options.what} failed (${
            signal ?? `exit code ${code}`
          }): ${command} ${args.join(' ')} in ${options.cwd}`,
          tail,
        ),
      );
    });
  });
}

/** Runs a shell line as a user types it. */
export function runShell(line: string, options: RunOptions): Promise<string> {
  return run('bash', ['-c', line], options);
}
