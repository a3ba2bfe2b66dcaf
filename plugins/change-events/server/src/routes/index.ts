/** Admin API (under /change-events): the delivery log, for users with the plugin's permissions. */
const can = (action: 'read' | 'replay') => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::change-events.deliveries.${action}`] } }],
});

export default {
  admin: {
    type: 'admin',
    routes: [
      { method: 'GET', path: '/endpoints', handler: 'deliveries.endpoints', config: can('read') },
      { method: 'GET', path: '/deliveries', handler: 'deliveries.find', config: can('read') },
      { method: 'GET', path: '/deliveries/:id', handler: 'deliveries.findOne', config: can('read') },
      { method: 'POST', path: '/deliveries/:id/replay', handler: 'deliveries.replay', config: can('replay') },
      { method: 'POST', path: '/endpoints/:name/replay', handler: 'deliveries.replayEndpoint', config: can('replay') },
    ],
  },
};
