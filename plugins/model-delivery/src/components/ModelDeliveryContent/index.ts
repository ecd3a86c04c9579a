export { ModelDeliveryContent } from './ModelDeliveryContent';
