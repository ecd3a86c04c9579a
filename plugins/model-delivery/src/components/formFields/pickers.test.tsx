import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FieldHarness } from '../../__testUtils__/FieldHarness';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { ClusterPicker } from './ClusterPicker';
import { NamespacePicker } from './NamespacePicker';
import { NodeGroupPicker } from './NodeGroupPicker';
import { PersistentVolumeClaimPicker } from './PersistentVolumeClaimPicker';
import { SecretKeyPicker } from './SecretKeyPicker';

const GIB = 1024 ** 3;
const PLACED = { cluster: 'local', namespace: 'ml-models' };
const FORBIDDEN = {
  reason: 'forbidden' as const,
  message:
    "Cluster 'local' refuses to list secrets in namespace ml-models to the suite's identity: grant it list on secrets (ClusterRole model-delivery).",
};

/** Opens an autocomplete's list and returns its options' text. */
async function optionsOf(label: RegExp | string) {
  await userEvent.click(screen.getByRole('textbox', { name: label }));
  await userEvent.keyboard('{ArrowDown}');
  const listbox = await screen.findByRole('listbox');
  return within(listbox)
    .getAllByRole('option')
    .map(o => ({
      text: o.textContent,
      disabled: o.getAttribute('aria-disabled') === 'true',
    }));
}

describe('ClusterPicker', () => {
  it('lists every configured cluster with the kinds it serves, refusing those without the required kind', async () => {
    const api = mockModelDeliveryApi();
    api.formClusters.mockResolvedValue({
      items: [
        {
          name: 'local',
          title: 'Local control plane',
          reachable: true,
          servedKinds: ['ModelDownload', 'LocalModelCache'],
        },
        { name: 'tpu', reachable: true, servedKinds: ['GemmaOnTPUServer'] },
        {
          name: 'gone',
          reachable: false,
          problem: { reason: 'unreachable', message: 'connection refused' },
          servedKinds: [],
        },
      ],
    });
    const onValue = jest.fn();
    render(
      <FieldHarness
        field={ClusterPicker}
        api={api}
        name="cluster"
        schema={{ type: 'string', title: 'Cluster' }}
        uiOptions={{ requiredKind: 'ModelDownload' }}
        onValue={onValue}
      />,
    );

    await screen.findByRole('textbox', { name: 'Cluster' });
    await expect(optionsOf('Cluster')).resolves.toEqual([
      {
        text: 'localLocal control plane, serves ModelDownload, LocalModelCache',
        disabled: false,
      },
      {
        text: 'tputpu does not serve ModelDownload (its CRD is not installed there)',
        disabled: true,
      },
      {
        text: 'gonegone not reachable, so it cannot be told whether it serves ModelDownload: connection refused',
        disabled: true,
      },
    ]);
    await userEvent.click(screen.getByRole('option', { name: /^local/ }));
    expect(onValue).toHaveBeenLastCalledWith('local');
  });

  it('falls back to a text field saying why when the clusters cannot be listed', async () => {
    const api = mockModelDeliveryApi();
    api.formClusters.mockRejectedValue(new Error('403 Forbidden'));
    const onValue = jest.fn();
    render(
      <FieldHarness
        field={ClusterPicker}
        api={api}
        name="cluster"
        schema={{ type: 'string', title: 'Cluster' }}
        onValue={onValue}
      />,
    );

    expect(await screen.findByRole('note')).toHaveTextContent(
      'Could not list them: 403 Forbidden Type the name instead.',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Cluster' }),
      'local',
    );
    expect(onValue).toHaveBeenLastCalledWith('local');
  });
});

describe('NamespacePicker', () => {
  it("lists the chosen cluster's namespaces the user may act in for the chosen owner, with their teams", async () => {
    const api = mockModelDeliveryApi();
    api.formNamespaces.mockResolvedValue({
      cluster: 'local',
      items: [
        { name: 'default' },
        { name: 'ml-models', owner: 'group:default/guests' },
      ],
    });
    render(
      <FieldHarness
        field={NamespacePicker}
        api={api}
        name="namespace"
        schema={{ type: 'string', title: 'Namespace' }}
        form={{ cluster: 'local', entityRef: 'component:default/x' }}
      />,
    );

    await expect(optionsOf('Namespace')).resolves.toEqual([
      { text: 'default', disabled: false },
      { text: 'ml-modelsowned by group:default/guests', disabled: false },
    ]);
    expect(api.formNamespaces).toHaveBeenCalledWith(
      'local',
      'component:default/x',
    );
  });

  it('shows that it is loading', async () => {
    const api = mockModelDeliveryApi();
    api.formNamespaces.mockReturnValue(new Promise(() => {}));
    render(
      <FieldHarness
        field={NamespacePicker}
        api={api}
        name="namespace"
        schema={{ type: 'string', title: 'Namespace' }}
        form={{ cluster: 'local' }}
      />,
    );

    expect(
      await screen.findByRole('progressbar', { name: 'Loading Namespace' }),
    ).toBeInTheDocument();
  });

  it('asks to choose a cluster first', async () => {
    const api = mockModelDeliveryApi();
    render(
      <FieldHarness
        field={NamespacePicker}
        api={api}
        name="namespace"
        schema={{ type: 'string', title: 'Namespace' }}
      />,
    );

    expect(await screen.findByRole('note')).toHaveTextContent(
      'Choose a cluster first to list its namespaces.',
    );
    expect(api.formNamespaces).not.toHaveBeenCalled();
  });
});

describe('PersistentVolumeClaimPicker', () => {
  it('lists PVCs with capacity, access modes and whether they are bound', async () => {
    const api = mockModelDeliveryApi();
    api.formPersistentVolumeClaims.mockResolvedValue({
      ...PLACED,
      items: [
        {
          name: 'model-store',
          capacity: '10Gi',
          capacityBytes: 10 * GIB,
          accessModes: ['ReadWriteOnce'],
          phase: 'Bound',
          storageClassName: 'standard',
        },
        {
          name: 'waiting',
          capacity: '1Ti',
          accessModes: ['ReadWriteMany'],
          phase: 'Pending',
        },
      ],
    });
    render(
      <FieldHarness
        field={PersistentVolumeClaimPicker}
        api={api}
        name="storagePVC"
        schema={{ type: 'string', title: 'Storage PVC' }}
        form={PLACED}
      />,
    );

    await expect(optionsOf('Storage PVC')).resolves.toEqual([
      {
        text: 'model-store10Gi, ReadWriteOnce, Bound, class standard',
        disabled: false,
      },
      {
        text: 'waiting1Ti, ReadWriteMany, Pending (not bound)',
        disabled: false,
      },
    ]);
    expect(api.formPersistentVolumeClaims).toHaveBeenCalledWith(
      'local',
      'ml-models',
    );
  });

  it('says when the namespace has none', async () => {
    const api = mockModelDeliveryApi();
    api.formPersistentVolumeClaims.mockResolvedValue({ ...PLACED, items: [] });
    render(
      <FieldHarness
        field={PersistentVolumeClaimPicker}
        api={api}
        name="storagePVC"
        schema={{ type: 'string', title: 'Storage PVC' }}
        form={PLACED}
      />,
    );

    expect(
      await screen.findByText(
        'No PersistentVolumeClaims in namespace ml-models of cluster local: create one first.',
      ),
    ).toBeInTheDocument();
  });
});

describe('SecretKeyPicker', () => {
  it('lists Secrets and the keys of the chosen one, returning { name, key }', async () => {
    const api = mockModelDeliveryApi();
    api.formSecrets.mockResolvedValue({
      ...PLACED,
      items: [
        { name: 'hf-token', type: 'Opaque', keys: ['token'] },
        { name: 'other', type: 'Opaque', keys: ['a', 'b'] },
      ],
    });
    const onValue = jest.fn();
    render(
      <FieldHarness
        field={SecretKeyPicker}
        api={api}
        name="hfTokenRef"
        schema={{
          type: 'object',
          title: 'Token Secret',
          properties: {
            name: { title: 'Secret name' },
            key: { title: 'Key holding the token' },
          },
        }}
        form={PLACED}
        onValue={onValue}
      />,
    );

    await expect(optionsOf('Secret name')).resolves.toEqual([
      { text: 'hf-tokenOpaque; keys: token', disabled: false },
      { text: 'otherOpaque; keys: a, b', disabled: false },
    ]);
    await userEvent.click(screen.getByRole('option', { name: /^other/ }));
    expect(onValue).toHaveBeenLastCalledWith({ name: 'other' });
    await expect(optionsOf('Key holding the token')).resolves.toEqual([
      { text: 'a', disabled: false },
      { text: 'b', disabled: false },
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'b' }));
    expect(onValue).toHaveBeenLastCalledWith({ name: 'other', key: 'b' });
  });

  it("falls back to text fields with the route's problem", async () => {
    const api = mockModelDeliveryApi();
    api.formSecrets.mockResolvedValue({
      ...PLACED,
      items: [],
      problem: FORBIDDEN,
    });
    const onValue = jest.fn();
    render(
      <FieldHarness
        field={SecretKeyPicker}
        api={api}
        name="hfTokenRef"
        schema={{
          type: 'object',
          properties: {
            name: { title: 'Secret name' },
            key: { title: 'Key holding the token' },
          },
        }}
        form={PLACED}
        onValue={onValue}
      />,
    );

    const notes = await screen.findAllByRole('note');
    expect(notes[0]).toHaveTextContent(
      `${FORBIDDEN.message} Type the name instead.`,
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Secret name' }),
      'hf',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Key holding the token' }),
      't',
    );
    expect(onValue).toHaveBeenLastCalledWith({ name: 'hf', key: 't' });
  });
});

describe('NodeGroupPicker', () => {
  it('lists node groups with their storage limits and picks several', async () => {
    const api = mockModelDeliveryApi();
    api.formNodeGroups.mockResolvedValue({
      cluster: 'local',
      items: [
        { name: 'gpu-a', storageLimit: '100Gi', storageLimitBytes: 100 * GIB },
        { name: 'gpu-b' },
      ],
    });
    const onValue = jest.fn();
    render(
      <FieldHarness
        field={NodeGroupPicker}
        api={api}
        name="nodeGroups"
        schema={{ type: 'array', title: 'Node groups' }}
        form={{ cluster: 'local' }}
        onValue={onValue}
      />,
    );

    await expect(optionsOf('Node groups')).resolves.toEqual([
      { text: 'gpu-astorage limit 100Gi', disabled: false },
      { text: 'gpu-bno storage limit', disabled: false },
    ]);
    await userEvent.click(screen.getByRole('option', { name: /^gpu-a/ }));
    await userEvent.keyboard('{ArrowDown}');
    await userEvent.click(
      await screen.findByRole('option', { name: /^gpu-b/ }),
    );
    expect(onValue).toHaveBeenLastCalledWith(['gpu-a', 'gpu-b']);
    expect(screen.getByText('gpu-a (storage limit 100Gi)')).toBeInTheDocument();
  });

  it('drops the empty item a form pre-fills for minItems', async () => {
    const api = mockModelDeliveryApi();
    api.formNodeGroups.mockResolvedValue({ cluster: 'local', items: [] });
    const onValue = jest.fn();
    render(
      <FieldHarness
        field={NodeGroupPicker}
        api={api}
        name="nodeGroups"
        schema={{ type: 'array', title: 'Node groups' }}
        form={{ cluster: 'local' }}
        initial={[undefined as unknown as string]}
        onValue={onValue}
      />,
    );

    expect(
      await screen.findByText('Cluster local has no LocalModelNodeGroups.'),
    ).toBeInTheDocument();
    expect(onValue).toHaveBeenCalledWith(undefined);
  });

  it('falls back to a comma-separated text field when KServe is not installed', async () => {
    const api = mockModelDeliveryApi();
    api.formNodeGroups.mockResolvedValue({
      cluster: 'local',
      items: [],
      problem: {
        reason: 'not-served',
        message:
          "Cluster 'local' does not serve LocalModelNodeGroups (KServe).",
      },
    });
    const onValue = jest.fn();
    render(
      <FieldHarness
        field={NodeGroupPicker}
        api={api}
        name="nodeGroups"
        schema={{ type: 'array', title: 'Node groups' }}
        form={{ cluster: 'local' }}
        onValue={onValue}
      />,
    );

    expect(await screen.findByRole('note')).toHaveTextContent(
      "Cluster 'local' does not serve LocalModelNodeGroups (KServe). Type the names, separated by commas.",
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Node groups' }),
      'a, b',
    );
    expect(onValue).toHaveBeenLastCalledWith(['a', 'b']);
  });
});
