import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  SecretManagerTokenInput,
  validateSecretManagerTokenInput,
} from '@model-delivery/plugin-model-delivery-common';
import {
  SECRET_PROVIDER_CLASS_API_VERSION,
  SECRET_PROVIDER_CLASS_CRD,
  huggingFaceTokenSecretProviderClasses,
  huggingFaceTokenWorkloadWiring,
  secretManagerAccessGrants,
} from './huggingFaceSecretManager';
import yaml from 'yaml';
import { applyStep } from '../../apply/applyStep';
import { ApplyOutcome } from '../../apply/serverSideApply';
import {
  assertNoProblems,
  findProblems,
} from '../../preconditions/PreconditionError';
import {
  crdProblem,
  namespaceProblem,
} from '../../preconditions/clusterPreconditions';
import { ModelDeliveryActionOptions } from '../actionOptions';
import { prepareOwnedResource } from '../ownedResourceSteps';
import * as shared from '../sharedSchema';
import { secretManagerTokenExamples } from './createSecretManagerTokenAction.examples';

export const HF_TOKEN_SECRET_MANAGER_ACTION_ID =
  'model-delivery:hf-token:secret-manager';

/** The most telling of several outcomes: all the same, or "updated". */
function overallOutcome(outcomes: ApplyOutcome[]): ApplyOutcome {
  return outcomes.every(o => o === outcomes[0]) ? outcomes[0] : 'updated';
}

/**
 * `model-delivery:hf-token:secret-manager`: GKE workloads read the Hugging Face tokens
 * from Google Secret Manager through the Secrets Store CSI driver.
 */
export function createSecretManagerTokenAction(
  options: ModelDeliveryActionOptions,
) {
  return createTemplateAction({
    id: HF_TOKEN_SECRET_MANAGER_ACTION_ID,
    description:
      "GKE: creates or updates the SecretProviderClasses huggingface-token-read (and huggingface-token-write) that mount a Hugging Face token from Google Secret Manager as the files token and HUGGINGFACE_TOKEN, through the Secrets Store CSI driver (GKE's Secret Manager add-on, provider gke). Checks that the driver's CRD is served; server-side apply, labelled for the owner entity; supports dry run. Outputs the volume, volumeMount and HF_TOKEN_PATH env to add to a workload, as objects and as a YAML snippet, and the IAM grant its service account needs. No token passes through Backstage.",
    examples: secretManagerTokenExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: shared.clusterInput,
        namespace: shared.describedString(
          'The workload namespace: SecretProviderClasses are namespaced',
        ),
        projectId: shared.describedString(
          'The Google Cloud project holding the secrets (id or number)',
        ),
        readSecret: shared.describedString(
          'Secret Manager secret holding the read token',
        ),
        writeSecret: shared.optionalDescribedString(
          'Secret Manager secret holding the write token, for workloads that upload; creates huggingface-token-write',
        ),
        workloadServiceAccount: shared.optionalDescribedString(
          'The Kubernetes service account the workload runs as, for the IAM grant. Default default',
        ),
        ...shared.ownerInputs,
      },
      output: {
        cluster: z => z.string(),
        namespace: z => z.string(),
        secretProviderClasses: z =>
          z.array(z.string()).describe('The SecretProviderClasses applied'),
        outcome: z => z.enum(['created', 'updated', 'unchanged']),
        outcomes: z =>
          z
            .record(z.enum(['created', 'updated', 'unchanged']))
            .describe('Per SecretProviderClass'),
        dryRun: z => z.boolean(),
        changes: z => z.array(z.string()),
        volume: z =>
          z.record(z.unknown()).describe('The CSI volume for the pod spec'),
        volumeMount: z =>
          z
            .record(z.unknown())
            .describe('Its read-only mount, for the container'),
        env: z =>
          z
            .array(z.object({ name: z.string(), value: z.string() }))
            .describe('HF_TOKEN_PATH, for the container'),
        snippet: shared.describedString(
          'All of the above as YAML to paste into a pod spec',
        ),
        iamNote: shared.describedString(
          'The IAM grant the workload needs, and how to make it',
        ),
        iamCommands: z => z.array(z.string()),
        entityUrl: z => z.string(),
        warnings: z => z.array(z.string()),
        summary: z => z.string(),
      },
    },
    async handler(ctx) {
      const dryRun = ctx.isDryRun === true;
      const { input } = ctx;
      const spec: SecretManagerTokenInput = {
        namespace: input.namespace,
        projectId: input.projectId,
        readSecret: input.readSecret,
        ...(shared.given(input.writeSecret)
          ? { writeSecret: input.writeSecret }
          : {}),
        ...(shared.given(input.workloadServiceAccount)
          ? { workloadServiceAccount: input.workloadServiceAccount }
          : {}),
      };
      const {
        owner,
        manifest: manifests,
        warnings,
        connection,
      } = await prepareOwnedResource(ctx, options, {
        input,
        issues: validateSecretManagerTokenInput(spec),
        manifest: o => huggingFaceTokenSecretProviderClasses(spec, o),
      });
      for (const warning of warnings) ctx.logger.warn(warning);

      const [, version] = SECRET_PROVIDER_CLASS_API_VERSION.split('/');
      assertNoProblems(
        `the SecretProviderClasses for the Hugging Face token in ${spec.namespace} in cluster '${connection.name}'`,
        await findProblems(
          () =>
            crdProblem(
              connection,
              { name: SECRET_PROVIDER_CLASS_CRD, version },
              `the Secrets Store CSI driver is not installed there; on GKE, the cluster admin enables the Secret Manager add-on (gcloud container clusters update CLUSTER --location=LOCATION --enable-secret-manager)`,
            ),
          () => namespaceProblem(connection, spec.namespace),
        ),
      );

      const outcomes: Record<string, ApplyOutcome> = {};
      const changes: string[] = [];
      const summaries: string[] = [];
      for (const manifest of manifests) {
        const applied = await applyStep(ctx, connection, manifest, {
          dryRun,
          compared: ['spec'],
        });
        const name = manifest.metadata!.name!;
        outcomes[name] = applied.outcome;
        changes.push(...applied.changes.map(c => `${name}: ${c}`));
        summaries.push(`${applied.summary}.`);
      }

      const wiring = huggingFaceTokenWorkloadWiring('read');
      const grants = secretManagerAccessGrants(spec);
      const serviceAccount = spec.workloadServiceAccount || 'default';
      const snippet = [
        "# Add to the pod spec of your workload (e.g. a Deployment's spec.template.spec).",
        '# It mounts the read token at the path HF_TOKEN_PATH names, which huggingface_hub reads.',
        yaml.stringify({
          serviceAccountName: serviceAccount,
          volumes: [wiring.volume],
          containers: [
            {
              name: 'your-container',
              env: wiring.env,
              volumeMounts: [wiring.volumeMount],
            },
          ],
        }),
      ].join('\n');
      // Markdown: the template shows it as output text.
      const iamNote = [
        `The CSI driver reads each secret as the workload's Kubernetes service account '${serviceAccount}' in namespace ${spec.namespace}, through Workload Identity Federation for GKE. Grant that principal ${grants.role} on each secret:`,
        '',
        '```sh',
        ...grants.commands,
        '```',
        '',
        `PROJECT_NUMBER is the number of the project the cluster runs in (\`gcloud projects describe PROJECT --format='value(projectNumber)'\`). The workload identity pool ${spec.projectId}.svc.id.goog assumes the cluster runs in ${spec.projectId}; if it runs in another project, use that project's id in the pool name.`,
      ].join('\n');

      ctx.output('cluster', connection.name);
      ctx.output('namespace', spec.namespace);
      ctx.output(
        'secretProviderClasses',
        manifests.map(m => m.metadata!.name!),
      );
      ctx.output('outcome', overallOutcome(Object.values(outcomes)));
      ctx.output('outcomes', outcomes);
      ctx.output('dryRun', dryRun);
      ctx.output('changes', changes);
      ctx.output('volume', wiring.volume);
      ctx.output('volumeMount', wiring.volumeMount);
      ctx.output('env', wiring.env);
      ctx.output('snippet', snippet);
      ctx.output('iamNote', iamNote);
      ctx.output('iamCommands', grants.commands);
      ctx.output('entityUrl', owner.entityUrl);
      ctx.output('warnings', warnings);
      ctx.output('summary', summaries.join('\n'));
      ctx.logger.info(iamNote);
    },
  });
}
