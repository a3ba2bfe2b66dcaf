import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::focus-area.focus-area');
