import { createFrontendModule } from '@backstage/frontend-plugin-api';
import homePlugin from '@backstage/plugin-home/alpha';
import { HomePageLayoutBlueprint } from '@backstage/plugin-home-react/alpha';

const layout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./ModelDeliveryHome').then(m => m.ModelDeliveryHome),
  },
});

/*
 * Widgets of the home plugin with nothing to say about model delivery. The visit lists
 * would only say that visit tracking is off (it is, in app-config.yaml); enable them
 * there together with the tracking.
 */
const offTopicWidgets = [
  homePlugin.getExtension('home-page-widget:home/random-joke'),
  homePlugin.getExtension('home-page-widget:home/world-clock'),
  homePlugin.getExtension('home-page-widget:home/toolkit'),
  homePlugin.getExtension('home-page-widget:home/most-visited'),
  homePlugin.getExtension('home-page-widget:home/recently-visited'),
].map(widget => widget.override({ disabled: true }));

/** The home page: model delivery first, then the search bar and starred entities. */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [layout, ...offTopicWidgets],
});
