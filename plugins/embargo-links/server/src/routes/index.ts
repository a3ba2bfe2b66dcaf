/** Admin API (under /embargo-links), for users with the plugin's permissions. */
const can = (action: 'read' | 'manage') => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::embargo-links.links.${action}`] } }],
});

export default {
  admin: {
    type: 'admin',
    routes: [
      { method: 'GET', path: '/links', handler: 'links.find', config: can('read') },
      { method: 'POST', path: '/links', handler: 'links.create', config: can('manage') },
      { method: 'POST', path: '/links/:id/revoke', handler: 'links.revoke', config: can('manage') },
      { method: 'GET', path: '/links/:id/accesses', handler: 'links.accesses', config: can('read') },
    ],
  },
  // The journalist's page, at the server's root: no login, the token is the key.
  public: {
    type: 'admin',
    prefix: '',
    routes: [{ method: 'GET', path: '/embargo/:token', handler: 'preview.show', config: { auth: false } }],
  },
};
