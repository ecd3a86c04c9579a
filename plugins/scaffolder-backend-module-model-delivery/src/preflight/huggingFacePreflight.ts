import { Config } from '@backstage/config';
import {
  HubModelReport,
  ModelDownloadInput,
  formatBytes,
  hubRefusesDownload,
  localModelCacheSizeProblem,
  modelsFitPersistentVolumeClaim,
  parseHuggingFaceUri,
} from '@model-delivery/plugin-model-delivery-common';
import {
  HuggingFaceHub,
  SecretKeyRead,
  hubToken,
} from '@model-delivery/plugin-model-delivery-node';

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

function unreachable(
  settings: PreflightSettings,
  problem: string,
  outcome: PreflightOutcome,
  unchecked = {
    refused: 'The models could not be checked',
    warned: "The models' existence, access and size were not checked",
  },
) {
  if (settings.hubUnreachable === 'refuse') {
    outcome.problems.push(
      `${problem}. ${unchecked.refused}, and modelDelivery.preflight.hubUnreachable is 'refuse': try again when the Hub answers`,
    );
  } else {
    outcome.warnings.push(
      `${problem}. ${unchecked.warned}; going on (modelDelivery.preflight.hubUnreachable: refuse would stop here)`,
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
 * what is checked. The token Secret and the PVC come as the preconditions read them.
 */
export async function modelDownloadPreflight(request: {
  hub: HuggingFaceHub;
  settings: PreflightSettings;
  cluster: string;
  spec: ModelDownloadInput;
  /** The token Secret, as read for the preconditions. */
  tokenSecret: SecretKeyRead | undefined;
  /** The PVC's capacity: the bound volume's, else what it requests. */
  capacity: string | undefined;
  /** A token an earlier step of the task stores, when one does. */
  taskSecret?: { name: string; value: unknown };
}): Promise<PreflightOutcome> {
  const { hub, settings, spec, capacity } = request;
  const outcome: PreflightOutcome = { problems: [], warnings: [], info: [] };
  const { token, description } = hubToken({
    taskSecret: request.taskSecret,
    secret: {
      cluster: request.cluster,
      ref: { namespace: spec.namespace, ...spec.hfTokenRef },
      read: request.tokenSecret,
    },
    configured: hub.configuredToken(),
  });
  const check = await hub.checkModels(
    spec.models.map(m => ({ id: m.name })),
    token,
  );
  if (check.problem) {
    unreachable(settings, check.problem, outcome);
  }
  check.models.forEach((report, i) => {
    if (hubRefusesDownload(report)) {
      outcome.problems.push(
        `models[${i}].name: ${report.message} (Hub ${check.hubUrl}, asked with ${description})`,
      );
    }
  });
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
      }: every model exists and may be read with ${description}${
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

/**
 * A new token's preflight, before it is stored: the Hub must know it. A refused token is
 * a problem (nothing is written); a Hub that cannot be asked is what
 * `modelDelivery.preflight.hubUnreachable` says.
 */
export async function tokenPreflight(request: {
  hub: HuggingFaceHub;
  settings: PreflightSettings;
  token: string;
  /** Where the token came from, for the messages: "task secret 'hfToken'". */
  description: string;
}): Promise<PreflightOutcome> {
  const { hub, settings, description } = request;
  const outcome: PreflightOutcome = { problems: [], warnings: [], info: [] };
  const check = await hub.checkToken(request.token.trim());
  if (check.verdict === 'refused') {
    outcome.problems.push(
      `The Hugging Face Hub at ${hub.hubUrl} refused the token of ${description} (invalid credentials), so it was not stored: create a read token at ${hub.hubUrl}/settings/tokens and run this again`,
    );
  } else if (check.verdict === 'unknown') {
    unreachable(settings, check.problem, outcome, {
      refused: 'The token could not be checked, so it was not stored',
      warned: 'The token was not checked',
    });
  } else {
    outcome.info.push(
      `Hugging Face Hub ${hub.hubUrl}: the token of ${description} is valid${
        check.user ? ` (user ${check.user})` : ''
      }`,
    );
  }
  return outcome;
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
  const hf = parseHuggingFaceUri(request.sourceModelUri);
  if (!hf) return outcome;
  const model = {
    id: hf.repoId,
    ...(hf.revision && { revision: hf.revision }),
  };
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
