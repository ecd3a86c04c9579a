export { FleetContent } from './FleetContent';
export { FleetPage } from './FleetPage';
