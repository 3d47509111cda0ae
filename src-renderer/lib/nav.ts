/** Programmatic navigation: set the hash; the app's hashchange listener updates the UI store. */
import { hashOf, type Route } from './route';

/** Goes to a page. */
export function go(route: Route): void {
  window.location.hash = hashOf(route);
}
