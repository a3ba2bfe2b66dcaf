/**
 * Whether a request path names a route the way Strapi's router matches it: letter case and one
 * trailing slash do not count (`/GraphQL/` is `/graphql`). Checks that apply to a route must
 * compare like this, or a client escapes them by writing the path differently.
 */
export const routePath = (path: string): string => (path.length > 1 ? path.replace(/\/$/, '') : path).toLowerCase();

export const isRoute = (path: string, route: string): boolean => routePath(path) === routePath(route);
