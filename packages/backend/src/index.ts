/*
 * The portal's backend: Backstage's core plugins plus the Model Delivery status backend and
 * scaffolder actions. `scripts/start` runs it against a local control plane;
 * app-config.production.yaml and packages/backend/Dockerfile describe a deployment.
 */

import { createBackend } from '@backstage/backend-defaults';
import { modelDeliveryPolicyModule } from './modelDeliveryPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Model Delivery: actions that create ModelDownloads, Gemma servers, model caches and tokens
backend.add(
  import('@model-delivery/plugin-scaffolder-backend-module-model-delivery'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// See https://backstage.io/docs/auth/guest/provider

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// A sample policy: everything allowed, but each team acts only in the cluster namespaces
// it owns (Model Delivery's namespace permissions). See
// https://backstage.io/docs/permissions/getting-started and docs/security.md.
backend.add(modelDeliveryPolicyModule);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// Model Delivery: live per-model status from watch-fed caches of every cluster
backend.add(import('@model-delivery/plugin-model-delivery-backend'));
// Model Delivery: a catalog entity (Resource, type ai-model) of every model the clusters hold
backend.add(
  import('@model-delivery/plugin-catalog-backend-module-model-delivery'),
);

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// The events bus: on PostgreSQL it carries events, signals among them, from one backend
// replica to the others, so a page connected to one replica hears of a change another
// saw (docs/production.md).
backend.add(import('@backstage/plugin-events-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
