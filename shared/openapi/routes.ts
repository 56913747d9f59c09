// Every route module of the API, by service. The OpenAPI document is generated from these, so a route
// exists in the document exactly when it exists in the code. Each module exports its routes as `defineRoute` values.
import * as assets from '#shared/assets/routes';
import * as events from '#shared/events/routes';
import * as factorial from '#shared/factorial/routes';
import * as platform from '#shared/platform/routes';
import * as pokemon from '#shared/pokemon/routes';
import * as users from '#shared/users/routes';

export const routeModules = { platform, factorial, users, events, pokemon, assets };
