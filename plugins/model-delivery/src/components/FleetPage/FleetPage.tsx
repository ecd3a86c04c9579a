import { Content, Header, Page } from '@backstage/core-components';
import { FleetContent } from './FleetContent';

/**
 * The fleet page for apps on the legacy frontend system, with its own header; the new
 * frontend system's page extension renders {@link FleetContent} under the app's header.
 */
export function FleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Models"
        subtitle="Every model your clusters hold, where, and how it is doing"
      />
      <Content>
        <FleetContent />
      </Content>
    </Page>
  );
}
