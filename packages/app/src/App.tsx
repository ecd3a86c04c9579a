import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import modelDeliveryPlugin from '@model-delivery/plugin-model-delivery/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

export default createApp({
  // `app.packages: all` discovers the plugins this package depends on; the suite's own
  // plugin is listed too so that the entity tab, card and form field do not hinge on it.
  features: [catalogPlugin, modelDeliveryPlugin, navModule, homeModule],
});
