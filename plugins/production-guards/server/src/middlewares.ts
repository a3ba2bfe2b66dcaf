import graphqlDocumentGuard from './graphql/document-guard';
import databaseOutage from './database/outage-middleware';
import requestLane from './database/request-lane';
import nulGuard from './nul/middleware';
import rateLimit from './rate-limit/middleware';
import uploadGuard from './uploads/middleware';

/**
 * The guards, each `plugin::production-guards.<name>` in the app's config/middlewares (the
 * plugin's README gives their order). A guard whose configuration is off passes every request on.
 */
export default {
  'rate-limit': rateLimit,
  'nul-guard': nulGuard,
  'upload-guard': uploadGuard,
  'database-outage': databaseOutage,
  'request-lane': requestLane,
  'graphql-document-guard': graphqlDocumentGuard,
};
