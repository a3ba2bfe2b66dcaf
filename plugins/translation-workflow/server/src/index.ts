import bootstrap from './bootstrap';
import config from './config';
import controllers from './controllers';
import register from './register';
import routes from './routes';
import services from './services';

/** The plugin as Strapi loads it (strapi-server.js). Typed loosely on purpose: nothing imports it but Strapi. */
const plugin: Record<'config' | 'register' | 'bootstrap' | 'controllers' | 'routes' | 'services', unknown> = {
  config,
  register,
  bootstrap,
  controllers,
  routes,
  services,
};

export default plugin;
