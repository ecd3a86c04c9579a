import { generate } from 'selfsigned';

/** A certificate and its private key, PEM. */
export interface CertificateAndKey {
  cert: string;
  key: string;
}

/*
 * EC P-256 keys: generated in milliseconds, so every control plane can have its own CA
 * without slowing the tests that never use it.
 */

/**
 * The CA the API server trusts for kubelet serving certificates
 * (`--kubelet-certificate-authority`): the API server verifies the kubelet it proxies a
 * pod's log request to, as in a real cluster.
 */
export async function createKubeletCa(): Promise<CertificateAndKey> {
  const ca = await generate(
    [{ name: 'commonName', value: 'local-control-plane kubelet CA' }],
    {
      keyType: 'ec',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 7 * 24 * 3600_000),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        {
          name: 'keyUsage',
          keyCertSign: true,
          cRLSign: true,
          digitalSignature: true,
          critical: true,
        },
      ],
    },
  );
  return { cert: ca.cert, key: ca.private };
}

/** A kubelet serving certificate for 127.0.0.1, signed by the control plane's kubelet CA. */
export async function issueKubeletServingCertificate(
  ca: CertificateAndKey,
): Promise<CertificateAndKey> {
  const leaf = await generate([{ name: 'commonName', value: 'fake-kubelet' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { cert: ca.cert, key: ca.key },
    notAfterDate: new Date(Date.now() + 7 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { cert: leaf.cert, key: leaf.private };
}
