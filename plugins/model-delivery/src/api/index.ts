export { modelDeliveryApiRef } from './ModelDeliveryApi';
export type { ModelDeliveryApi } from './ModelDeliveryApi';
export { ModelDeliveryClient } from './ModelDeliveryClient';
