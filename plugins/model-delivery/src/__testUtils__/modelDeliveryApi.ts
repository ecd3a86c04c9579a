import { ModelDeliveryApi } from '../api';

/** The plugin's API with every method a jest mock, for tests to program. */
export function mockModelDeliveryApi(): jest.Mocked<ModelDeliveryApi> {
  return {
    getEntityStatus: jest.fn(),
    retry: jest.fn(),
    deleteResource: jest.fn(),
    redownload: jest.fn(),
    getItemDiagnostics: jest.fn(),
    getFleet: jest.fn(),
    formClusters: jest.fn(),
    formNamespaces: jest.fn(),
    formNamespaceAccess: jest.fn(),
    formPersistentVolumeClaims: jest.fn(),
    formSecrets: jest.fn(),
    formNodeGroups: jest.fn(),
    checkHubModels: jest.fn(),
  };
}
