export { ModelDeliveryCard } from './ModelDeliveryCard';
export type { ModelDeliveryCardProps } from './ModelDeliveryCard';
