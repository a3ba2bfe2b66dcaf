import config from './config';
import register from './register';
import services from './services';

/** The plugin as Strapi loads it (strapi-server.js). Typed loosely on purpose: nothing imports it but Strapi. */
const plugin: Record<'config' | 'register' | 'services', unknown> = {
  config,
  register,
  services,
};

export default plugin;
