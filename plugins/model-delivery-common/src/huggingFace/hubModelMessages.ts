import { HubModelAccess, HubModelReport } from '../formsApi';
import { formatBytes } from './modelFit';

/*
 * What the Hugging Face Hub's answers about a model mean for the person downloading it, in
 * one place: the form shows these sentences per model row and the actions' preflight
 * refuses or warns with them. No token ever goes into one.
 */

/** The model's page on a Hub (where a gated model's terms are accepted). @public */
export function hubModelUrl(hubUrl: string, id: string): string {
  return `${hubUrl.replace(/\/+$/, '')}/${id}`;
}

/** A model as the messages name it: `org/name`, with `@revision` when one was asked. @public */
export function hubModelName(model: { id: string; revision?: string }): string {
  return model.revision ? `${model.id}@${model.revision}` : model.id;
}

/**
 * Whether the Hub's answer stops a download of the model with this token: it is gated
 * and its terms are not accepted, private, or missing. The template form stops on such a
 * model and the actions' preflight refuses it.
 *
 * @public
 */
export function hubRefusesDownload(
  report: Pick<HubModelReport, 'access'>,
): boolean {
  return ['gated', 'private', 'missing'].includes(report.access);
}

/** What is known of a model, for {@link hubModelMessage}. @public */
export interface HubModelFacts {
  /** `org/name`. */
  id: string;
  /** The revision asked, if one was. */
  revision?: string;
  access: HubModelAccess;
  /** The Hub's `gated` field. */
  gated?: false | 'auto' | 'manual';
  /** The sum of the revision's file sizes. */
  totalBytes?: number;
  /** The licence id, e.g. `apache-2.0`. */
  license?: string;
  /** The model's page. */
  url: string;
  /** The revision was asked and the Hub does not have it (access `missing`). */
  revisionMissing?: boolean;
  /** The Hub refused the token itself (invalid credentials), not just this model. */
  tokenRefused?: boolean;
  /** A token was sent. */
  withToken?: boolean;
}

/**
 * The sentence for one model: what was found, or what to do so it can be downloaded.
 *
 * @public
 */
export function hubModelMessage(facts: HubModelFacts): string {
  const name = hubModelName(facts);
  switch (facts.access) {
    case 'readable': {
      const details = [
        facts.totalBytes !== undefined
          ? formatBytes(facts.totalBytes)
          : undefined,
        facts.license ? `licence ${facts.license}` : undefined,
        facts.gated
          ? "gated; the token's user has accepted its terms"
          : undefined,
      ].filter(Boolean);
      return `Found ${name}${
        details.length > 0 ? `: ${details.join(', ')}` : ''
      }.`;
    }
    case 'gated':
      return facts.withToken
        ? `${name} is gated and the token's user has not accepted its terms: accept them at ${facts.url} with the Hugging Face account the token belongs to (or use a token of an account that has), then run again.`
        : `${name} is gated and no token was given: use a token of a Hugging Face account that accepted its terms at ${facts.url}.`;
    case 'private':
      if (facts.tokenRefused) {
        return `The Hub refused the token (invalid credentials), so ${name} could not be checked: use a valid read token.`;
      }
      return facts.withToken
        ? `The Hub refuses the token for ${name}: it is private (or does not exist); use a token that can read it.`
        : `The Hub shows ${name} only with a token: it is private or does not exist; use a token that can read it.`;
    case 'missing':
      return facts.revisionMissing
        ? `${facts.id} has no revision '${facts.revision}' on the Hub: use a branch, tag or commit it has.`
        : `${facts.id} does not exist on the Hub${
            facts.withToken
              ? " (or it is private and the token's user cannot read it)"
              : ''
          }: check the model id.`;
    case 'unknown':
    default:
      return `${name} could not be checked: the Hub did not answer.`;
  }
}
