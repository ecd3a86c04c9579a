/*
 * How much heap 10,000 cached objects take, as the API server serves them and as the
 * caches keep them (src/cache/cachedFields.ts). Run by hand:
 *
 *   node --expose-gc --require @backstage/cli/config/nodeTransform.cjs \
 *     plugins/model-delivery-backend/scripts/measure-cache-memory.ts
 *
 * The objects are shaped like hf-operator's download Jobs and their pods on Kubernetes
 * 1.20 (managedFields, the pod template, container statuses), each distinct so that no
 * string is shared between them.
 */
import { KubeObject } from '@model-delivery/plugin-model-delivery-common';
import { cachedFields } from '../src/cache/cachedFields';

const COUNT = 10_000;

function container(i: number) {
  return {
    name: 'downloader',
    image: `ghcr.io/kamal/hf-downloader:v1.4.${i % 7}`,
    command: ['/bin/sh', '-c'],
    args: [
      `huggingface-cli download org/model-${i} --local-dir /models/org/model-${i} --revision main`,
    ],
    env: [
      { name: 'HF_HOME', value: '/models/.cache' },
      { name: 'MODEL', value: `org/model-${i}` },
      {
        name: 'HF_TOKEN',
        valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } },
      },
    ],
    resources: {
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { memory: '4Gi' },
    },
    volumeMounts: [
      { name: 'models', mountPath: '/models' },
      {
        name: 'kube-api-access-x',
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        readOnly: true,
      },
    ],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

function podSpec(i: number) {
  return {
    restartPolicy: 'Never',
    nodeSelector: { 'karpenter.sh/nodepool': 'gpu' },
    tolerations: [
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ],
    containers: [container(i)],
    volumes: [
      {
        name: 'models',
        persistentVolumeClaim: { claimName: `models-${i % 50}` },
      },
      {
        name: 'kube-api-access-x',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            {
              configMap: {
                name: 'kube-root-ca.crt',
                items: [{ key: 'ca.crt', path: 'ca.crt' }],
              },
            },
          ],
        },
      },
    ],
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    enableServiceLinks: true,
    priority: 0,
  };
}

function managedFields(manager: string) {
  return [
    {
      manager,
      operation: 'Update',
      apiVersion: 'v1',
      time: '2026-01-01T10:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': {
          'f:labels': {
            '.': {},
            'f:app': {},
            'f:parent': {},
            'f:job-name': {},
          },
          'f:ownerReferences': { '.': {}, 'k:{"uid":"x"}': {} },
        },
        'f:spec': {
          'f:containers': {
            'k:{"name":"downloader"}': {
              '.': {},
              'f:args': {},
              'f:command': {},
              'f:env': {
                '.': {},
                'k:{"name":"MODEL"}': { '.': {}, 'f:value': {} },
              },
              'f:image': {},
              'f:resources': { '.': {}, 'f:limits': {}, 'f:requests': {} },
              'f:volumeMounts': {},
            },
          },
          'f:volumes': {},
          'f:tolerations': {},
        },
      },
    },
    {
      manager: 'kubelet',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2026-01-01T10:00:09Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:status': {
          'f:conditions': {},
          'f:containerStatuses': {},
          'f:phase': {},
          'f:startTime': {},
          'f:podIP': {},
          'f:podIPs': {},
        },
      },
    },
  ];
}

function job(i: number): KubeObject {
  return JSON.parse(
    JSON.stringify({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: `hf-dl-resource-${i}-model-${i}`,
        namespace: 'ml-models',
        uid: `6b1f0c2e-0000-4000-8000-${String(i).padStart(12, '0')}`,
        resourceVersion: String(100000 + i),
        creationTimestamp: '2026-01-01T10:00:00Z',
        labels: {
          app: 'hf-operator',
          parent: `resource-${i}`,
          'controller-uid': `6b1f0c2e-0000-4000-8000-${i}`,
          'job-name': `hf-dl-resource-${i}-model-${i}`,
        },
        ownerReferences: [
          {
            apiVersion: 'hfops.kamal.dev/v1alpha1',
            kind: 'ModelDownload',
            name: `resource-${i}`,
            uid: `a1-${i}`,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        managedFields: managedFields('hf-operator'),
      },
      spec: {
        parallelism: 1,
        completions: 1,
        backoffLimit: 3,
        selector: { matchLabels: { 'controller-uid': `uid-${i}` } },
        template: {
          metadata: {
            labels: { 'job-name': `hf-dl-resource-${i}-model-${i}` },
          },
          spec: podSpec(i),
        },
      },
      status: { startTime: '2026-01-01T10:00:05Z', active: 1 },
    }),
  );
}

function pod(i: number): KubeObject {
  return JSON.parse(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `hf-dl-resource-${i}-model-${i}-x7k2p`,
        generateName: `hf-dl-resource-${i}-model-${i}-`,
        namespace: 'ml-models',
        uid: `9c2e-0000-4000-8000-${String(i).padStart(12, '0')}`,
        resourceVersion: String(200000 + i),
        creationTimestamp: '2026-01-01T10:00:05Z',
        labels: {
          'controller-uid': `6b1f0c2e-0000-4000-8000-${i}`,
          'job-name': `hf-dl-resource-${i}-model-${i}`,
        },
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: `hf-dl-resource-${i}-model-${i}`,
            uid: `6b1f-${i}`,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        managedFields: managedFields('kube-controller-manager'),
      },
      spec: { ...podSpec(i), nodeName: `gpu-node-${i % 40}` },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-01-01T10:00:05Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-01-01T10:00:09Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-01-01T10:00:09Z',
          },
          {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-01-01T10:00:05Z',
          },
        ],
        hostIP: `10.0.${i % 250}.${i % 200}`,
        podIP: `10.1.${i % 250}.${i % 200}`,
        podIPs: [{ ip: `10.1.${i % 250}.${i % 200}` }],
        startTime: '2026-01-01T10:00:05Z',
        containerStatuses: [
          {
            name: 'downloader',
            state: { running: { startedAt: '2026-01-01T10:00:09Z' } },
            lastState: {},
            ready: true,
            restartCount: 0,
            image: `ghcr.io/kamal/hf-downloader:v1.4.${i % 7}`,
            imageID: `ghcr.io/kamal/hf-downloader@sha256:${String(i).padStart(
              64,
              '0',
            )}`,
            containerID: `containerd://${String(i).padStart(64, 'f')}`,
            started: true,
          },
        ],
        qosClass: 'Burstable',
      },
    }),
  );
}

function heapUsed(): number {
  (global as { gc?: () => void }).gc?.();
  (global as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function measure(
  label: string,
  make: (i: number) => KubeObject,
  keep: (o: KubeObject) => KubeObject,
) {
  const before = heapUsed();
  const kept: KubeObject[] = [];
  for (let i = 0; i < COUNT; i++) kept.push(keep(make(i)));
  const after = heapUsed();
  const mb = (after - before) / 1024 / 1024;
  // eslint-disable-next-line no-console
  console.log(`${label}: ${mb.toFixed(1)} MB per ${COUNT} objects`);
  return kept.length;
}

if (!(global as { gc?: unknown }).gc) {
  throw new Error('run with node --expose-gc');
}
const asServed = (o: KubeObject) => o;
// What the caches kept before they kept only what derivation reads.
const withoutManagedFields = (o: KubeObject) => {
  const { managedFields: _dropped, ...metadata } = o.metadata as any;
  return { ...o, metadata };
};
const asCached = (o: KubeObject) =>
  cachedFields({ apiVersion: o.apiVersion!, kind: o.kind! }, o);
for (const [kind, make] of [
  ['Jobs', job],
  ['pods', pod],
] as const) {
  measure(`${kind} as served`, make, asServed);
  measure(`${kind} without managedFields`, make, withoutManagedFields);
  measure(`${kind} as cached`, make, asCached);
}
