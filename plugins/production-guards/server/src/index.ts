import bootstrap from './bootstrap';
import config from './config';
import destroy from './destroy';
import middlewares from './middlewares';
import register from './register';
import services from './services';

/** The plugin as Strapi loads it (strapi-server.js). Typed loosely on purpose: nothing imports it but Strapi. */
const plugin: Record<'config' | 'register' | 'bootstrap' | 'destroy' | 'middlewares' | 'services', unknown> = {
  config,
  register,
  bootstrap,
  destroy,
  middlewares,
  services,
};

export default plugin;
