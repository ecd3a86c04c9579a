import {
  Content,
  Header,
  InfoCard,
  Link,
  Page,
} from '@backstage/core-components';
import { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { START_HERE_LINKS } from './startHereLinks';

/** The widgets the home page knows by name, in the order they show; others follow. */
const WIDGET_ORDER = ['HomePageSearchBar', 'HomePageStarredEntities'];

function rank(name: string | undefined) {
  const index = WIDGET_ORDER.indexOf(name ?? '');
  return index < 0 ? WIDGET_ORDER.length : index;
}

function WhatThisPortalDoes() {
  return (
    <InfoCard title="What this portal does">
      <Typography variant="body1" paragraph>
        Platform teams run models on Kubernetes with three operators:
        hf-operator downloads Hugging Face models, kro serves Gemma on TPU,
        KServe caches models on nodes. This portal replaces the hand-written
        YAML, the token wiring and the <code>kubectl</code> status reading.
      </Typography>
      <Typography variant="body1" paragraph>
        <strong>Create</strong>: a template checks a request (names, model ids,
        what the cluster has installed) and applies it, safely re-runnable.
      </Typography>
      <Typography variant="body1">
        <strong>Watch</strong>: an entity's <em>Model delivery</em> tab shows
        each model's state in every cluster, live, with the reason a download
        failed and a retry.
      </Typography>
    </InfoCard>
  );
}

function StartHere() {
  return (
    <InfoCard title="Start here">
      <List dense disablePadding aria-label="Start here">
        {START_HERE_LINKS.map(link => (
          <ListItem key={link.to} disableGutters>
            <ListItemText
              primary={<Link to={link.to}>{link.title}</Link>}
              secondary={link.what}
            />
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
}

/**
 * The portal's home page: what it is for, where to start, then the installed widgets
 * (search bar first, then starred entities).
 */
export function ModelDeliveryHome(props: HomePageLayoutProps) {
  const widgets = [...props.widgets].sort(
    (a, b) => rank(a.name) - rank(b.name),
  );
  const [first, ...rest] = widgets;
  const search = first?.name === 'HomePageSearchBar' ? first : undefined;
  const others = search ? rest : widgets;
  return (
    <Page themeId="home">
      <Header
        title="Model Delivery"
        subtitle="Create, wire and watch the models your clusters download and serve"
      />
      <Content>
        <Grid container spacing={3}>
          {search && (
            <Grid item xs={12}>
              {search.component}
            </Grid>
          )}
          <Grid item xs={12} md={7}>
            <WhatThisPortalDoes />
          </Grid>
          <Grid item xs={12} md={5}>
            <StartHere />
          </Grid>
          {others.map(widget => (
            <Grid item xs={12} md={6} key={widget.node.spec.id}>
              {widget.component}
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
