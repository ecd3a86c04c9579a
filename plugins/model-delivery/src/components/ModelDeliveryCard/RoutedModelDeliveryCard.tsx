import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../../routes';
import { ModelDeliveryCard } from './ModelDeliveryCard';

const tabRouteRef = convertLegacyRouteRef(rootRouteRef);

/**
 * The card in the new frontend system, linking to wherever the app mounted the tab
 * (its path is configurable); the default path when the tab is not mounted.
 */
export function RoutedModelDeliveryCard() {
  const tabRoute = useRouteRef(tabRouteRef);
  return <ModelDeliveryCard tabLink={tabRoute?.()} />;
}
