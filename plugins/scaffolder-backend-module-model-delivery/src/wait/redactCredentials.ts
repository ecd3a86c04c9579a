/**
 * Failure messages come from the cluster (a container's termination message, an event),
 * written by programs the suite does not control. hf-operator passes the Hugging Face
 * token on the container's command line, and `git clone` errors can echo a URL with
 * credentials in it. Before such text reaches a task log or an error, anything shaped
 * like a credential is masked.
 */
export function redactCredentials(text: string): string {
  return (
    text
      // user:password@ in URLs
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, '$1***@')
      // Hugging Face access tokens
      .replace(/\bhf_[A-Za-z0-9]{16,}\b/g, 'hf_***')
      // bearer tokens in echoed headers
      .replace(/\b(Bearer\s+)[A-Za-z0-9._~+/-]+=*/gi, '$1***')
  );
}
