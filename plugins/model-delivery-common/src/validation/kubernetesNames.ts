import { ValidationIssue } from './issues';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * An RFC 1123 label: namespaces, Job names, most names that end up in DNS or labels.
 *
 * @public
 */
export function checkDnsLabel(
  field: string,
  value: unknown,
  what = 'name',
): ValidationIssue[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [{ field, message: `a ${what} is required` }];
  }
  if (value.length > 63) {
    return [
      {
        field,
        message: `'${value}' is ${value.length} characters; a Kubernetes ${what} has at most 63`,
      },
    ];
  }
  if (!DNS1123_LABEL.test(value)) {
    return [
      {
        field,
        message: `'${value}' is not a valid Kubernetes ${what}: use lowercase letters, digits and '-', starting and ending with a letter or digit`,
      },
    ];
  }
  return [];
}

/**
 * An RFC 1123 subdomain: object names (Secrets, PVCs, service accounts, custom resources).
 *
 * @public
 */
export function checkDnsSubdomain(
  field: string,
  value: unknown,
  what = 'name',
): ValidationIssue[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [{ field, message: `a ${what} is required` }];
  }
  if (value.length > 253) {
    return [
      {
        field,
        message: `'${value.slice(0, 40)}…' is ${
          value.length
        } characters; a Kubernetes ${what} has at most 253`,
      },
    ];
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return [
      {
        field,
        message: `'${value}' is not a valid Kubernetes ${what}: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`,
      },
    ];
  }
  return [];
}

/**
 * A key of a Secret or ConfigMap, by Kubernetes' rule (IsConfigMapKey): at most 253 letters,
 * digits, '-', '_' and '.', and, since a key becomes a file name where the Secret is
 * mounted, not '.' or '..' and not starting with '..'.
 *
 * @public
 */
export function checkSecretKey(
  field: string,
  value: unknown,
): ValidationIssue[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [{ field, message: 'a Secret key is required' }];
  }
  if (value === '.' || value.startsWith('..')) {
    return [
      {
        field,
        message: `'${value}' is not a valid Secret key: a key becomes a file name, so it is not '.' or '..' and does not start with '..'`,
      },
    ];
  }
  if (value.length > 253 || !CONFIG_KEY.test(value)) {
    return [
      {
        field,
        message: `'${value}' is not a valid Secret key: use letters, digits, '-', '_' and '.' (at most 253)`,
      },
    ];
  }
  return [];
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * A label value: at most 63 letters, digits, '-', '_' and '.', starting and ending with a
 * letter or digit. An entity's `backstage.io/kubernetes-id` becomes one on every resource
 * the suite creates, so it must be one.
 *
 * Stricter than Kubernetes on one point, on purpose: an empty value is a valid label value,
 * but every field checked here needs one (an empty kubernetes-id selects nothing; an empty
 * `nodePool` is let through, with a warning, before this check).
 *
 * @public
 */
export function checkLabelValue(
  field: string,
  value: unknown,
  what = 'label value',
): ValidationIssue[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [{ field, message: `a ${what} is required` }];
  }
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return [
      {
        field,
        message: `'${value}' is not a valid ${what}: a Kubernetes label value has at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
      },
    ];
  }
  return [];
}
