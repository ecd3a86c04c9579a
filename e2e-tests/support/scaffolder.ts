import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { BACKEND_URL, REPO_ROOT } from './paths';
import { backendToken } from './portal';

/**
 * The scaffolder's REST API, as the guest user: runs the suite's templates the way the
 * Create page does, without the form.
 */

const API = `${BACKEND_URL}/api/scaffolder/v2`;

async function headers() {
  return {
    Authorization: `Bearer ${await backendToken()}`,
    'Content-Type': 'application/json',
  };
}

async function call<T>(method: string, path: string, body?: unknown) {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: await headers(),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  }
  return JSON.parse(text) as T;
}

/** Starts a task of `template:default/<name>`; resolves to its id. */
export async function createTask(
  templateName: string,
  values: Record<string, unknown>,
  secrets?: Record<string, string>,
): Promise<string> {
  const { id } = await call<{ id: string }>('POST', '/tasks', {
    templateRef: `template:default/${templateName}`,
    values,
    ...(secrets ? { secrets } : {}),
  });
  return id;
}

export interface TaskEvent {
  type: string;
  body: { message?: string; stepId?: string; status?: string; output?: any };
}

export interface FinishedTask {
  status: 'completed' | 'failed' | 'cancelled';
  /** Every log line and the completion message, in order. */
  log: string;
  events: TaskEvent[];
}

const FINISHED = ['completed', 'failed', 'cancelled'];
const TASK_TIMEOUT_MS = 45_000;

/** Waits until the task finishes, however it ends; its log says why. */
export async function waitForTask(id: string): Promise<FinishedTask> {
  const deadline = Date.now() + TASK_TIMEOUT_MS;
  for (;;) {
    const task = await call<{ status: string }>('GET', `/tasks/${id}`);
    if (FINISHED.includes(task.status)) {
      const events = await call<TaskEvent[]>('GET', `/tasks/${id}/events`);
      return {
        status: task.status as FinishedTask['status'],
        events,
        log: events
          .map(e => e.body?.message)
          .filter(Boolean)
          .join('\n'),
      };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `task ${id} still ${task.status} after ${TASK_TIMEOUT_MS / 1000} s`,
      );
    }
    // Polling interval while the task runs, not a wait for correctness.
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Runs a template to its end. */
export async function runTemplate(
  templateName: string,
  values: Record<string, unknown>,
  secrets?: Record<string, string>,
): Promise<FinishedTask> {
  return waitForTask(await createTask(templateName, values, secrets));
}

/** A template of the suite as its file holds it (the scaffolder module's templates/<name>/template.yaml). */
export function templateFile(templateName: string): any {
  return parse(
    readFileSync(
      resolve(
        REPO_ROOT,
        'plugins/scaffolder-backend-module-model-delivery/templates',
        templateName,
        'template.yaml',
      ),
      'utf8',
    ),
  );
}

export interface DryRunResult {
  log: { body: { message: string; stepId?: string; status?: string } }[];
  output: any;
  steps: { id: string; name: string; action: string }[];
}

/** The template editor's dry run of a template given inline. */
export async function dryRun(
  template: unknown,
  values: Record<string, unknown>,
): Promise<DryRunResult> {
  return call<DryRunResult>('POST', '/dry-run', {
    template,
    values,
    secrets: {},
    directoryContents: [],
  });
}
