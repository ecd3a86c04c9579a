import { ValidationIssue } from './issues';

const PART = /^[A-Za-z0-9_.-]{1,96}$/;

/**
 * A Hugging Face Hub repo id, by the Hub's own rules (huggingface_hub `validate_repo_id`):
 * `name` or `namespace/name`; letters, digits, `-`, `_`, `.`; at most 96 characters a
 * part; no `--` or `..`; a part does not start or end with `-` or `.`.
 *
 * hf-operator uses the id as a path under `/models`, so these rules also keep `..` and
 * absolute paths out of the volume.
 *
 * @public
 */
export function checkHuggingFaceRepoId(
  field: string,
  value: unknown,
): ValidationIssue[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [
      {
        field,
        message:
          'a Hugging Face model id is required, e.g. google/gemma-2-2b-it',
      },
    ];
  }
  const parts = value.split('/');
  const problems: string[] = [];
  if (parts.length > 2) {
    problems.push("has more than one '/' (use namespace/name)");
  }
  if (value.includes('--') || value.includes('..')) {
    problems.push("contains '--' or '..'");
  }
  for (const part of parts.slice(0, 2)) {
    if (part.length === 0) {
      problems.push("has an empty part around '/'");
    } else if (part.length > 96) {
      problems.push(`has a part of ${part.length} characters (at most 96)`);
    } else if (!PART.test(part)) {
      problems.push(
        "uses characters other than letters, digits, '-', '_' and '.'",
      );
    } else if (/^[-.]|[-.]$/.test(part)) {
      problems.push("has a part starting or ending with '-' or '.'");
    }
  }
  if (problems.length === 0) return [];
  return [
    {
      field,
      message: `'${value}' is not a valid Hugging Face model id: it ${[
        ...new Set(problems),
      ].join('; ')}`,
    },
  ];
}
