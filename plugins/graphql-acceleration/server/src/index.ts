import config from './config';
import register from './register';
import services from './services';

export default {
  config,
  register,
  services,
};
