import { Config } from '@backstage/config';
import { TaskSecrets } from '@backstage/plugin-scaffolder-node';
import {
  HubModelReport,
  ModelDownloadInput,
  formatBytes,
  localModelCacheSizeProblem,
  modelsFitPersistentVolumeClaim,
} from '@model-delivery/plugin-model-delivery-common';
import { HuggingFaceHub } from '@model-delivery/plugin-model-delivery-node';
import { ClusterConnection } from '../cluster/clusterConnection';

/*
 * The Hugging Face Hub preflight of the actions that download models: before anything is
 * applied (in a dry run too), ask the Hub what would otherwise fail only once a download
 * Job ran: a missing model, a gated or private one the token cannot read, models larger
 * than where they go. The token is sent to the Hub only: never logged, output or put in
 * a message (the messages name where it came from instead).
 */

/** `modelDelivery.preflight`: what a finding the task could still go on with does. */
export interface PreflightSettings {
  hubUnreachable: 'warn' | 'refuse';
  tooLarge: 'warn' | 'refuse';
}

export function preflightSettings(config: Config): PreflightSettings {
  const read = (key: string) =>
    config.getOptionalString(`modelDelivery.preflight.${key}`) === 'refuse'
      ? 'refuse'
      : 'warn';
  return { hubUnreachable: read('hubUnreachable'), tooLarge: read('tooLarge') };
}

/** What the preflight found: problems refuse the run (with the others), warnings go to the log. */
export interface PreflightOutcome {
  problems: string[];
  warnings: string[];
  /** Said in the log when all is well: what was checked. */
  info: string[];
}

/** The token to ask the Hub with, and where it came from (for messages: never the value). */
interface HubToken {
  token?: string;
  source: string;
}

/**
 * The token a ModelDownload's Jobs will use: the new one a task stores first (its task
 * secret), else the token Secret's key as the cluster has it (read with the suite's
 * identity), else the configured one.
 */
async function modelDownloadToken(
  hub: HuggingFaceHub,
  connection: ClusterConnection,
  spec: ModelDownloadInput,
  fromTask: { secrets?: TaskSecrets; taskSecret?: string },
): Promise<HubToken> {
  const value = fromTask.taskSecret
    ? fromTask.secrets?.[fromTask.taskSecret]
    : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    return {
      token: value.trim(),
      source: `the new token of task secret '${fromTask.taskSecret}'`,
    };
  }
  const { namespace } = spec;
  const { name, key } = spec.hfTokenRef;
  const secret = await connection.readIfExists(
    { action: 'get', resource: `Secret ${namespace}/${name}` },
    () => connection.core.readNamespacedSecret({ name, namespace }),
  );
  const encoded = secret?.data?.[key];
  const token = encoded
    ? Buffer.from(encoded, 'base64').toString('utf8').trim()
    : '';
  if (token) {
    return { token, source: `the token in Secret '${name}' key '${key}'` };
  }
  const configured = hub.configuredToken();
  return configured
    ? {
        token: configured,
        source: 'the token of modelDelivery.huggingFace.token',
      }
    : { source: 'no token' };
}

/** The capacity a PVC offers: the bound volume's, else what it requests. */
async function persistentVolumeClaimCapacity(
  connection: ClusterConnection,
  namespace: string,
  name: string,
): Promise<string | undefined> {
  const pvc = await connection.readIfExists(
    { action: 'get', resource: `PersistentVolumeClaim ${namespace}/${name}` },
    () =>
      connection.core.readNamespacedPersistentVolumeClaim({ name, namespace }),
  );
  return (
    pvc?.status?.capacity?.storage ?? pvc?.spec?.resources?.requests?.storage
  );
}

function unreachable(
  settings: PreflightSettings,
  problem: string,
  outcome: PreflightOutcome,
) {
  if (settings.hubUnreachable === 'refuse') {
    outcome.problems.push(
      `${problem}. The models could not be checked, and modelDelivery.preflight.hubUnreachable is 'refuse': try again when the Hub answers`,
    );
  } else {
    outcome.warnings.push(
      `${problem}. The models' existence, access and size were not checked; going on (modelDelivery.preflight.hubUnreachable: refuse would stop here)`,
    );
  }
}

function tooLarge(
  settings: PreflightSettings,
  message: string,
  outcome: PreflightOutcome,
) {
  if (settings.tooLarge === 'refuse') {
    outcome.problems.push(
      `${message} (modelDelivery.preflight.tooLarge is 'refuse')`,
    );
  } else {
    outcome.warnings.push(
      `${message}. Going on (modelDelivery.preflight.tooLarge: refuse would stop here)`,
    );
  }
}

/**
 * A ModelDownload's preflight: every model exists and the token may read it (refused
 * otherwise), and together they fit the PVC (warned or refused, by config). hf-operator
 * downloads each model's default branch (its `sha` only feeds the spec hash), so that is
 * what is checked.
 */
export async function modelDownloadPreflight(request: {
  hub: HuggingFaceHub;
  settings: PreflightSettings;
  connection: ClusterConnection;
  spec: ModelDownloadInput;
  secrets?: TaskSecrets;
  /** The task secret holding a token an earlier step stores, when one does. */
  taskSecret?: string;
}): Promise<PreflightOutcome> {
  const { hub, settings, connection, spec } = request;
  const outcome: PreflightOutcome = { problems: [], warnings: [], info: [] };
  const { token, source } = await modelDownloadToken(hub, connection, spec, {
    secrets: request.secrets,
    taskSecret: request.taskSecret,
  });
  const check = await hub.checkModels(
    spec.models.map(m => ({ id: m.name })),
    token,
  );
  if (check.problem) {
    unreachable(settings, check.problem, outcome);
  }
  check.models.forEach((report, i) => {
    if (
      report.access === 'missing' ||
      report.access === 'gated' ||
      report.access === 'private'
    ) {
      outcome.problems.push(
        `models[${i}].name: ${report.message} (Hub ${check.hubUrl}, asked with ${source})`,
      );
    }
  });
  const capacity = await persistentVolumeClaimCapacity(
    connection,
    spec.namespace,
    spec.storagePVC,
  );
  const fit = capacity
    ? modelsFitPersistentVolumeClaim(
        check.models.map(m => ({ id: m.id, totalBytes: m.totalBytes })),
        { name: spec.storagePVC, capacity },
      )
    : undefined;
  if (fit && !fit.fits && fit.message) tooLarge(settings, fit.message, outcome);
  if (!check.problem && outcome.problems.length === 0) {
    outcome.info.push(
      `Hugging Face Hub ${
        check.hubUrl
      }: every model exists and may be read with ${source}${
        fit
          ? `; ${formatBytes(
              fit.totalBytes,
            )} in total, for PersistentVolumeClaim '${
              spec.storagePVC
            }' of ${capacity}`
          : ''
      }`,
    );
  }
  return outcome;
}

/** `hf://org/model[:revision]` → the model and revision; undefined for other schemes. */
export function huggingFaceModelOfUri(
  uri: string,
): { id: string; revision?: string } | undefined {
  const match = /^hf:\/\/([^:]+)(?::(.+))?$/.exec(uri);
  if (!match) return undefined;
  return { id: match[1], ...(match[2] ? { revision: match[2] } : {}) };
}

/**
 * A LocalModelCache's preflight, for an hf:// model: its `modelSize` holds the model
 * (warned or refused, by config). The Hub is asked with the configured token, as the
 * cache's own credentials live in KServe's jobs namespace.
 */
export async function localModelCachePreflight(request: {
  hub: HuggingFaceHub;
  settings: PreflightSettings;
  sourceModelUri: string;
  modelSize: string;
}): Promise<PreflightOutcome> {
  const { hub, settings } = request;
  const outcome: PreflightOutcome = { problems: [], warnings: [], info: [] };
  const model = huggingFaceModelOfUri(request.sourceModelUri);
  if (!model) return outcome;
  const check = await hub.checkModels([model], hub.configuredToken());
  const report: HubModelReport = check.models[0];
  if (check.problem) {
    unreachable(settings, check.problem, outcome);
    return outcome;
  }
  if (report.totalBytes === undefined) {
    outcome.warnings.push(
      `sourceModelUri: the size of ${model.id} could not be read from the Hub ${check.hubUrl}, so modelSize was not checked: ${report.message}`,
    );
    return outcome;
  }
  const problem = localModelCacheSizeProblem(request.modelSize, {
    id: model.id,
    totalBytes: report.totalBytes,
  });
  if (problem) {
    tooLarge(settings, `modelSize: ${problem}`, outcome);
  } else {
    outcome.info.push(
      `Hugging Face Hub ${check.hubUrl}: ${model.id} is ${formatBytes(
        report.totalBytes,
      )}, within modelSize ${request.modelSize}`,
    );
  }
  return outcome;
}
