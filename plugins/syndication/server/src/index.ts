import bootstrap from './bootstrap';
import config from './config';
import controllers from './controllers';
import routes from './routes';
import services from './services';

/** The plugin as Strapi loads it (strapi-server.js). Typed loosely on purpose: nothing imports it but Strapi. */
const plugin: Record<'config' | 'bootstrap' | 'controllers' | 'routes' | 'services', unknown> = {
  config,
  bootstrap,
  controllers,
  routes,
  services,
};

export default plugin;
